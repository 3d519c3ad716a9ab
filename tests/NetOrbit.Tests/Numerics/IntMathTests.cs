using NetOrbit.Numerics;
using Xunit;

namespace NetOrbit.Tests.Numerics;

public sealed class IntMathTests
{
    [Theory]
    [InlineData(12, 18, 6)]
    [InlineData(18, 12, 6)]
    [InlineData(7, 0, 7)]
    [InlineData(0, 7, 7)]
    [InlineData(0, 0, 0)]
    [InlineData(1, 5, 1)]
    [InlineData(100, 10, 10)]
    [InlineData(17, 13, 1)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    public void Gcd_KnownValues(int a, int b, int expected) => Assert.Equal(expected, IntMath.Gcd(a, b));

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(2, -1)]
    public void Gcd_Negative_Throws(int a, int b) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IntMath.Gcd(a, b));
}
