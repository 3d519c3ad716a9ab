using Xunit;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class MomentsTests
{
    [Fact]
    public void Of_HandSample_GivesPopulationMomentsAndExcessKurtosis()
    {
        // x = 1, 2, 3, 4, 10: mean 4; central moments m2 = 10, m3 = 36, m4 = 278.8 (divisor n).
        var m = Moments.Of([1, 2, 3, 4, 10]);
        Assert.Equal(4, m.Mean, 1e-15);
        Assert.Equal(Math.Sqrt(10), m.Std, 1e-14);
        Assert.Equal(36 / Math.Pow(10, 1.5), m.Skewness, 1e-14);
        Assert.Equal(2.788 - 3, m.Kurtosis, 1e-14);
    }

    [Fact]
    public void Of_SymmetricTwoPointSample_HasZeroSkewAndExcessKurtosisMinusTwo()
    {
        var m = Moments.Of([-1, 1, -1, 1]);
        Assert.Equal(0, m.Skewness, 1e-15);
        Assert.Equal(-2, m.Kurtosis, 1e-15);
    }

    [Fact]
    public void Of_ConstantSample_HasZeroStdAndNaNShape()
    {
        var m = Moments.Of([2, 2, 2]);
        Assert.Equal(0, m.Std);
        Assert.True(double.IsNaN(m.Skewness));
        Assert.True(double.IsNaN(m.Kurtosis));
    }
}
