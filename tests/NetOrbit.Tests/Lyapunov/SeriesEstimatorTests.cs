using NetOrbit.Lyapunov;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class SeriesEstimatorTests
{
    private static readonly double Ln2 = Math.Log(2);

    internal static double[] Logistic(int n, double x0 = 0.3141, int transient = 100)
    {
        var x = x0;
        for (var t = 0; t < transient; t++)
        {
            x = 4 * x * (1 - x);
        }

        var s = new double[n];
        for (var t = 0; t < n; t++)
        {
            s[t] = x;
            x = 4 * x * (1 - x);
        }

        return s;
    }

    [Theory]
    [InlineData(DivergenceMethod.Rosenstein)]
    [InlineData(DivergenceMethod.Kantz)]
    public void Estimate_LogisticSeries_Ln2Within0p07(DivergenceMethod method)
    {
        var s = Logistic(3000);
        var curve = DivergenceEstimator.Estimate(s, method, new DivergenceOptions { MaxSteps = 12, FitStart = 1, FitEnd = 6, Neighbours = 5 });
        Assert.Equal(Ln2, curve.Exponent, 0.07);
        Assert.Equal(13, curve.LogDivergence.Length);
    }

    [Fact]
    public void Estimate_TentSeriesViaConjugacy_Ln2Within0p07()
    {
        var s = Logistic(3000).Select(TentMap.FromLogistic).ToArray();
        var curve = DivergenceEstimator.Estimate(s, DivergenceMethod.Rosenstein, new DivergenceOptions { MaxSteps = 12, FitStart = 1, FitEnd = 6 });
        Assert.Equal(Ln2, curve.Exponent, 0.07);
    }

    [Fact]
    public void Estimate_KantzWithRadius_TentLn2Within0p07()
    {
        var s = Logistic(3000).Select(TentMap.FromLogistic).ToArray();
        var curve = DivergenceEstimator.Estimate(s, DivergenceMethod.Kantz, new DivergenceOptions { MaxSteps = 10, FitStart = 1, FitEnd = 5, Radius = 1e-4 });
        Assert.Equal(Ln2, curve.Exponent, 0.07);
    }

    [Fact]
    public void Estimate_HenonXSeriesEmbedded2_MaxNear0p42Within0p1()
    {
        double x = 0.1, y = 0.1;
        var s = new double[4000];
        for (var t = -1000; t < s.Length; t++)
        {
            (x, y) = (1 - 1.4 * x * x + y, 0.3 * x);
            if (t >= 0)
            {
                s[t] = x;
            }
        }

        var curve = DivergenceEstimator.Estimate(s, DivergenceMethod.Rosenstein, new DivergenceOptions { Dimension = 2, Delay = 1, Theiler = 5, MaxSteps = 15, FitStart = 1, FitEnd = 8 });
        Assert.Equal(0.42, curve.Exponent, 0.1);
    }

    [Fact]
    public void Estimate_VectorSeries_HenonStatesMaxNear0p42Within0p1()
    {
        double x = 0.1, y = 0.1;
        var s = new double[2 * 4000];
        for (var t = -1000; t < 4000; t++)
        {
            (x, y) = (1 - 1.4 * x * x + y, 0.3 * x);
            if (t >= 0)
            {
                s[2 * t] = x;
                s[2 * t + 1] = y;
            }
        }

        var curve = DivergenceEstimator.Estimate(s, 2, DivergenceMethod.Rosenstein, new DivergenceOptions { Theiler = 5, MaxSteps = 15, FitStart = 1, FitEnd = 8 });
        Assert.Equal(0.42, curve.Exponent, 0.1);
    }

    [Fact]
    public void LossKantz_TentSeries_PositiveSignificantNearLn2Within0p1()
    {
        // The pooled mean |x_{i+n} - x_{j+n}| grows like the mean stretch, which equals 2 per step
        // only for a map with constant |f'| (the tent map); for the logistic map it grows faster.
        var s = Logistic(20_000).Select(TentMap.FromLogistic).ToArray();
        var r = LossKantzAnalysis.Analyze(s, new LossKantzOptions { Tolerance = 1e-4 });
        Assert.True(r.Pairs > 0);
        Assert.True(r.Significant);
        Assert.Equal(Ln2, r.Lambda, 0.1);
        Assert.InRange(r.WindowEnd, 4, 24);
    }

    [Fact]
    public void LossKantz_PeriodicSeries_NotSignificant()
    {
        // Period 3 with tiny noise: separations do not grow.
        var rng = new Random(1);
        var s = Enumerable.Range(0, 5000).Select(t => (t % 3) + 1e-6 * rng.NextDouble()).ToArray();
        var r = LossKantzAnalysis.Analyze(s, new LossKantzOptions { ReferencePoints = 200 });
        Assert.False(r.Significant && r.Lambda > 0.05);
    }

    [Fact]
    public void Autocorrelation_Ar1_MatchesPhiPowersWithin0p05_AndWhiteNoiseInsideBand()
    {
        var rng = new Random(4);
        var s = new double[20_000];
        for (var t = 1; t < s.Length; t++)
        {
            s[t] = 0.8 * s[t - 1] + (rng.NextDouble() - 0.5);
        }

        var r = Autocorrelation.WithShuffleBand(s, maxLag: 10, shuffles: 100, seed: 2);
        Assert.Equal(1, r.Acf[0], 1e-12);
        for (var k = 1; k <= 10; k++)
        {
            Assert.Equal(Math.Pow(0.8, k), r.Acf[k], 0.05);
            Assert.True(r.Lower[k] < 0.05 && r.Upper[k] > -0.05 && r.Lower[k] <= r.Upper[k]);
            Assert.True(r.Acf[k] > r.Upper[k]);
        }

        var again = Autocorrelation.WithShuffleBand(s, maxLag: 10, shuffles: 100, seed: 2);
        Assert.Equal(r.Lower, again.Lower); // seeded: identical
    }
}
