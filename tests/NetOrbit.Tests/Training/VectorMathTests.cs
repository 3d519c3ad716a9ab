using System.Runtime.Intrinsics;
using NetOrbit.Training;
using Xunit;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Training;

public sealed class VectorMathTests(ITestOutputHelper output)
{
    [Fact]
    public void Sigmoid_AcrossRange_WithinFourUlpOfScalarFormula()
    {
        var rng = new Random(5);
        double maxUlp = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var scale = i % 2 == 0 ? 5.0 : 700.0;
            var z = Vector512.Create(Enumerable.Range(0, 8).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray());
            var y = VectorMath.Sigmoid(z);
            for (var j = 0; j < 8; j++)
            {
                var e = Sigmoid(z[j]);
                var ulp = Math.BitIncrement(e) - e;
                maxUlp = Math.Max(maxUlp, Math.Abs(y[j] - e) / ulp);
            }
        }

        output.WriteLine($"sigmoid max error {maxUlp} ulp");
        Assert.True(maxUlp <= 4, $"max error {maxUlp} ulp");
        var s = VectorMath.Sigmoid(Vector512.Create(double.NaN, 50, -800, double.PositiveInfinity, double.NegativeInfinity, 0, 1, -1));
        Assert.True(double.IsNaN(s[0]));
        Assert.Equal(1.0, s[1]);
        var floor = Sigmoid(-800); // e^-600 ~ 2.7e-261, far above subnormal numbers
        Assert.InRange(s[2], floor * (1 - 1e-15), floor * (1 + 1e-15));
        Assert.Equal(1.0, s[3]);
        Assert.Equal(s[2], s[4]);
        Assert.Equal(0.5, s[5]);
    }

    [Fact]
    public void ExpNonPositive_WithinTwoUlpAndFlooredAtMinus600()
    {
        var rng = new Random(6);
        double maxUlp = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var x = Vector512.Create(Enumerable.Range(0, 8).Select(_ => -700 * rng.NextDouble()).ToArray());
            var y = VectorMath.ExpNonPositive(x);
            for (var j = 0; j < 8; j++)
            {
                var e = Math.Exp(Math.Max(x[j], VectorMath.ExpFloor));
                maxUlp = Math.Max(maxUlp, Math.Abs(y[j] - e) / (Math.BitIncrement(e) - e));
            }
        }

        Assert.True(maxUlp <= 2, $"max error {maxUlp} ulp");
        var s = VectorMath.ExpNonPositive(Vector512.Create(double.NaN, 0, -800, double.NegativeInfinity, -1, -2, -3, -4));
        Assert.True(double.IsNaN(s[0]));
        Assert.Equal(1.0, s[1]);
        var floor = Math.Exp(VectorMath.ExpFloor);
        Assert.InRange(s[2], floor * (1 - 1e-15), floor * (1 + 1e-15));
        Assert.Equal(s[2], s[3]);
    }

    [Fact]
    public void Sigmoid_NegatedExponential_SameBitsAsThePlainOne()
    {
        // For z in [0, 600] the sigmoid's e^-z (computed from z with negated multiply-adds) and ExpNonPositive(-z)
        // (computed from -z) run the same algorithm on arguments of opposite sign: round-to-nearest is symmetric, so
        // every bit must agree.
        var rng = new Random(9);
        for (var i = 0; i < 50_000; i++)
        {
            var scale = i % 3 == 0 ? 1.0 : i % 3 == 1 ? 40.0 : 600.0;
            var z = Vector512.Create(Enumerable.Range(0, 8).Select(_ => scale * rng.NextDouble()).ToArray());
            var expected = Vector512<double>.One / (Vector512<double>.One + VectorMath.ExpNonPositive(-z));
            var actual = VectorMath.Sigmoid(z);
            for (var j = 0; j < 8; j++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected[j]) == BitConverter.DoubleToInt64Bits(actual[j]),
                    $"z = {z[j]:R}: sigmoid {actual[j]:R}, from ExpNonPositive {expected[j]:R}");
            }
        }
    }

    [Fact]
    public void ExpCore_NegatedForm_SameBitsAsThePlainFormOfTheNegatedArgument()
    {
        // The sigmoid's e^-z over its whole clamped range [-600, 40]: the negated form computed from z must give the bits
        // of the plain form computed from -z (the unclamped sigmoid test above only sees z >= 0 through ExpNonPositive).
        var rng = new Random(10);
        for (var i = 0; i < 50_000; i++)
        {
            var z = Vector512.Create(Enumerable.Range(0, 8).Select(_ => (640 * rng.NextDouble()) - 600).ToArray());
            var negated = VectorMath.ExpCore(z, negated: true);
            var plain = VectorMath.ExpCore(-z, negated: false);
            for (var j = 0; j < 8; j++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(negated[j]) == BitConverter.DoubleToInt64Bits(plain[j]),
                    $"z = {z[j]:R}: negated form {negated[j]:R}, plain form {plain[j]:R}");
            }
        }
    }

    [Fact]
    public void VectorMath256_SigmoidAndExpNonPositive_MatchScalarFormulas()
    {
        var rng = new Random(8);
        double maxSig = 0, maxExp = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var z = Vector256.Create(Enumerable.Range(0, 4).Select(_ => (i % 2 == 0 ? 5.0 : 700.0) * (2 * rng.NextDouble() - 1)).ToArray());
            var s = VectorMath256.Sigmoid(z);
            var e = VectorMath256.ExpNonPositive(-Vector256.Abs(z));
            for (var j = 0; j < 4; j++)
            {
                var es = Sigmoid(z[j]);
                maxSig = Math.Max(maxSig, Math.Abs(s[j] - es) / (Math.BitIncrement(es) - es));
                var ee = Math.Exp(Math.Max(-Math.Abs(z[j]), VectorMath.ExpFloor));
                maxExp = Math.Max(maxExp, Math.Abs(e[j] - ee) / (Math.BitIncrement(ee) - ee));
            }
        }

        output.WriteLine($"256: sigmoid {maxSig} ulp, exp {maxExp} ulp");
        Assert.True(maxSig <= 4, $"sigmoid {maxSig} ulp");
        Assert.True(maxExp <= 2, $"exp {maxExp} ulp");
        Assert.True(double.IsNaN(VectorMath256.Sigmoid(Vector256.Create(double.NaN))[0]));
        Assert.Equal(10.0, VectorMath256.HorizontalSum(Vector256.Create(1.0, 2, 3, 4)));
    }

    /// <summary>The scalar formula with the kernels' floor on e^-z (<see cref="VectorMath.ExpFloor"/>).</summary>
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(Math.Min(-z, -VectorMath.ExpFloor)));
}
