using NetOrbit.Lyapunov;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class WindowFitEstimatorTests
{
    [Fact]
    public void Fit_ExactExponentialThenSaturation_RecoversSlopeWithin1e9()
    {
        // m(t) = 1e-8 exp(0.33 t) up to t = 60, then flat: the best windows lie in the exponential part.
        var m = new double[200];
        for (var t = 0; t < m.Length; t++)
        {
            m[t] = 1e-8 * Math.Exp(0.33 * Math.Min(t, 60));
        }

        var r = WindowFitEstimator.Fit(m);
        Assert.Equal(0.33, r.Lambda, 1e-9);
        Assert.True(r.R2 > 1 - 1e-9);
        Assert.True(r.WindowStart + r.WindowLength <= 61); // inside the exponential part
        Assert.True(r.Kept);
        Assert.Equal(315, r.WindowsFitted);
    }

    [Fact]
    public void Fit_PureExponential_FirstWindowWinsTies()
    {
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.2 * t)).ToArray();
        var r = WindowFitEstimator.Fit(m);
        Assert.Equal(0.2, r.Lambda, 1e-9);
        Assert.True(r.Kept);
    }

    [Fact]
    public void Fit_NoisyCurve_EqualsDirectTwoPassOlsOnTheChosenWindowWithin1e10()
    {
        var rng = new Random(7);
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.3 * Math.Min(t, 90) + 0.5 * rng.NextDouble())).ToArray();
        var r = WindowFitEstimator.Fit(m);
        var direct = WindowFitEstimator.FitWindowDirect(m, r.WindowStart, r.WindowLength);
        Assert.Equal(direct.Slope, r.Lambda, 1e-10);
        Assert.Equal(direct.R2, r.R2, 1e-10);

        // And no other window of the grid beats it (brute force).
        for (var x1 = 0; x1 <= 100; x1 += 5)
        {
            for (var w = 30; w <= 100; w += 5)
            {
                Assert.True(WindowFitEstimator.FitWindowDirect(m, x1, w).R2 <= r.R2 + 1e-12);
            }
        }
    }

    [Fact]
    public void Fit_HighR2ButSlowGrowth_NotKept()
    {
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.04 * t)).ToArray();
        var r = WindowFitEstimator.Fit(m);
        Assert.Equal(0.04, r.Lambda, 1e-9);
        Assert.False(r.Kept); // Lambda must exceed 0.05
    }

    [Fact]
    public void Fit_FastButNoisyGrowth_NotKeptBelowR2Threshold()
    {
        var rng = new Random(3);
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.1 * t + 4 * (rng.NextDouble() - 0.5))).ToArray();
        var r = WindowFitEstimator.Fit(m, new WindowFitOptions { MinR2 = 0.999 });
        Assert.True(r.R2 < 0.999);
        Assert.False(r.Kept);
    }

    [Fact]
    public void Fit_ThresholdsAreStrict_R2AndLambdaAtTheBoundAreRejected()
    {
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.06 * t)).ToArray();
        Assert.False(WindowFitEstimator.Fit(m, new WindowFitOptions { MinLambda = 0.06 + 1e-9 }).Kept);
        Assert.True(WindowFitEstimator.Fit(m, new WindowFitOptions { MinLambda = 0.06 - 1e-9 }).Kept);
        Assert.False(WindowFitEstimator.Fit(m, new WindowFitOptions { MinR2 = 1 }).Kept); // R^2 must be strictly above
    }

    [Fact]
    public void Fit_ShortCurve_FitsOnlyWindowsInside()
    {
        var m = Enumerable.Range(0, 40).Select(t => Math.Exp(0.5 * t)).ToArray();
        var r = WindowFitEstimator.Fit(m);
        Assert.Equal(6, r.WindowsFitted); // (0,30) (0,35) (0,40) (5,30) (5,35) (10,30)
        Assert.Equal(0.5, r.Lambda, 1e-9);
    }

    [Fact]
    public void Fit_ZeroDistances_NoWindowNaN()
    {
        var r = WindowFitEstimator.Fit(new double[200]);
        Assert.True(double.IsNaN(r.Lambda));
        Assert.Equal(-1, r.WindowStart);
        Assert.False(r.Kept);
    }

    [Fact]
    public void Fit_SparseSnapshotsEvery10Steps_SlopeWithin1e9_AndMatchesDirectFit()
    {
        var rng = new Random(5);
        var m = Enumerable.Range(0, 200).Select(t => t % 10 == 0 ? Math.Exp(0.3 * Math.Min(t, 90) + 0.3 * rng.NextDouble()) : double.NaN).ToArray();
        var r = WindowFitEstimator.Fit(m);
        var direct = WindowFitEstimator.FitWindowDirect(m, r.WindowStart, r.WindowLength);
        Assert.Equal(direct.Slope, r.Lambda, 1e-10);
        Assert.Equal(direct.R2, r.R2, 1e-10);
        var exact = Enumerable.Range(0, 200).Select(t => t % 10 == 0 ? Math.Exp(0.25 * t) : double.NaN).ToArray();
        Assert.Equal(0.25, WindowFitEstimator.Fit(exact).Lambda, 1e-9);
    }

    [Fact]
    public void Fit_ZeroInsideAWindow_SkipsOnlyWindowsCoveringIt()
    {
        var m = Enumerable.Range(0, 200).Select(t => Math.Exp(0.2 * t)).ToArray();
        m[10] = 0;
        var r = WindowFitEstimator.Fit(m);
        Assert.True(r.WindowStart > 10);
        Assert.Equal(0.2, r.Lambda, 1e-9);
        Assert.Equal(315 - 3 * 15, r.WindowsFitted); // starts 0, 5 and 10 cover step 10
    }

    [Fact]
    public void Eq4_Exponential_ExactWithin1e12()
    {
        var m = Enumerable.Range(0, 200).Select(t => 2 * Math.Exp(0.25 * t)).ToArray();
        Assert.Equal(0.25, WindowFitEstimator.Eq4(m, 100), 1e-12);
        Assert.True(double.IsNaN(WindowFitEstimator.Eq4(m, 200)));
    }

    [Fact]
    public void Distances_L1AndL2_MatchHandComputedValues()
    {
        double[] a = [1, -2, 3], b = [0, 2, 3];
        Assert.Equal(5, NetOrbit.Numerics.VectorDistance.L1(a, b), 1e-15);
        Assert.Equal(Math.Sqrt(17), NetOrbit.Numerics.VectorDistance.L2(a, b), 1e-15);
        var big = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        Assert.Equal(1000, NetOrbit.Numerics.VectorDistance.L1(big, big.Select(x => x + 1).ToArray()), 1e-9);
    }
}
