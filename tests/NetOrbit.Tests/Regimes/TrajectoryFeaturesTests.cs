using NetOrbit.Contracts;
using NetOrbit.Regimes;

namespace NetOrbit.Tests.Regimes;

/// <summary>Each feature on synthetic series with a known answer.</summary>
public sealed class TrajectoryFeaturesTests
{
    private static long[] Steps(int n, int k = 1) => Enumerable.Range(0, n).Select(i => (long)i * k).ToArray();

    /// <summary>A one-parameter "network" whose weight is its norm, with the given loss, norms and steps between snapshots.</summary>
    private static TrajectoryFeatures Compute(double[] loss, double[]? norm = null, double[]? steps = null, int k = 1)
    {
        var n = loss.Length;
        norm ??= Enumerable.Repeat(1.0, n).ToArray();
        steps ??= new double[Math.Max(0, n - 1)];
        var series = new TrajectorySeries(1, 64);
        for (var i = 0; i < n; i++)
        {
            series.Add((long)i * k, loss[i], 0.5, [norm[i]], norm[i], i > 0 ? steps[i - 1] : double.NaN);
        }

        return series.Features(ParameterLayout.Flat(1), 0.5);
    }

    [Fact]
    public void Compute_GeometricLoss_MonotoneOneAndLogSlopeLnRPerStep()
    {
        var loss = Enumerable.Range(0, 200).Select(i => 2.0 * Math.Pow(0.99, i)).ToArray();

        var f = Compute(loss, k: 5); // recorded every 5 steps: L(s) = 2 * 0.99^(s/5)

        Assert.Equal(1.0, f.MonotoneFraction);
        Assert.Equal(Math.Log(0.99) / 5, f.LogLossSlope, 12);
        Assert.Equal(2.0, f.LossInitial);
        Assert.Equal(loss[^1], f.LossFinal);
        Assert.Equal(loss[^1] / 2.0, f.LossRatio, 12);
        Assert.Equal(loss[^1], f.LossMin);
        Assert.Equal(0.5, f.AccuracyFinal);
        Assert.False(f.NonFinite);
    }

    [Fact]
    public void Compute_AlternatingLoss_HighOscillationAllPowerAtHighFrequency()
    {
        var loss = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 1.0 : 3.0).ToArray();

        var f = Compute(loss);

        Assert.Equal(4.0 / 2.0, f.Oscillation, 12); // |second difference| = 4 everywhere, mean loss 2
        Assert.Equal(49.0 / 99, f.MonotoneFraction, 12); // 49 of the 99 pairs go down
        Assert.InRange(f.HighFrequencyPower, 0.999, 1.0); // all but the sliver the linear detrend moves to low frequencies
    }

    [Fact]
    public void HighFrequencyFraction_SlowSineOnATrend_NearZero()
    {
        var series = Enumerable.Range(0, 256).Select(i => 5 - (0.01 * i) + Math.Sin(2 * Math.PI * 4 * i / 256)).ToArray();

        Assert.InRange(TrajectoryFeatures.HighFrequencyFraction(series, 0.5), 0, 1e-3);
    }

    [Fact]
    public void OscillationOf_StraightLine_Zero()
    {
        Assert.Equal(0, TrajectoryFeatures.OscillationOf([4, 3, 2, 1]), 12);
    }

    [Fact]
    public void Compute_StepsAndNorms_MeanMaxCvAndGrowth()
    {
        var f = Compute([1, 1, 1, 1, 1], norm: [10, 12, 14, 40, 20], steps: [1, 3, 1, 3]);

        Assert.Equal(2.0, f.StepMean, 12);
        Assert.Equal(3.0, f.StepMax);
        Assert.Equal(0.5, f.StepCv, 12); // population std 1 over mean 2
        Assert.Equal(10, f.NormInitial);
        Assert.Equal(20, f.NormFinal);
        Assert.Equal(40, f.NormMax);
        Assert.Equal(2.0, f.NormGrowth, 12);
        Assert.Equal(0.0, f.MonotoneFraction); // a flat loss never decreases
    }

    [Fact]
    public void Compute_LossBecomesInfinite_NonFiniteAndStatisticsOverTheFinitePrefix()
    {
        var f = Compute([4, 2, 1, double.PositiveInfinity, double.NaN]);

        Assert.True(f.NonFinite);
        Assert.Equal(5, f.Snapshots);
        Assert.Equal(1.0, f.LossFinal);
        Assert.Equal(0.25, f.LossRatio);
        Assert.Equal(1.0, f.MonotoneFraction);
    }

    [Fact]
    public void Compute_NoSnapshots_AllNaNNotAnError()
    {
        var f = Compute([]);

        Assert.Equal(0, f.Snapshots);
        Assert.True(double.IsNaN(f.LossRatio));
        Assert.True(double.IsNaN(f.StepMean));
        Assert.False(f.NonFinite);
    }

    [Fact]
    public void Add_WrongWeightCount_Throws()
    {
        var series = new TrajectorySeries(3, 64);

        Assert.Throws<ArgumentException>(() => series.Add(0, 1, 1, [1.0, 2.0], 3, double.NaN));
    }

    [Fact]
    public void SignAlternationOf_PeriodTwoOneMonotoneZero()
    {
        Assert.Equal(1.0, TrajectoryFeatures.SignAlternationOf([1, 3, 1, 3, 1, 3]));
        Assert.Equal(0.0, TrajectoryFeatures.SignAlternationOf([5, 4, 3, 2, 1]));
        Assert.Equal(1.0 / 3, TrajectoryFeatures.SignAlternationOf([1, 2, 1, 0, -1]), 12); // changes +1, -1, -1, -1: one flip in three pairs
    }

    [Fact]
    public void Series_LongTrajectory_KeepsBetweenMaxAndTwiceMaxEvenlySpacedPoints()
    {
        var series = new TrajectorySeries(2, 64);
        for (var i = 0; i < 1000; i++)
        {
            series.Add(i, 1, 1, [i, -i], 2 * i, 1);
        }

        var points = series.Points(1000).ToArray();
        var count = points.Length / 2;
        Assert.InRange(count, 64, 128);
        // 1000 snapshots thinned three times: every 8th, starting at 0.
        Assert.Equal(125, count);
        Assert.Equal(Enumerable.Range(0, 125).Select(i => (double)(8 * i)), Enumerable.Range(0, 125).Select(i => points[2 * i]));
    }

    [Fact]
    public void WeightRqa_TwoStatesAlternating_DeterministicWithoutLaminarity()
    {
        // A, B, A, B, ...: the recurrences are the even off-diagonals, each one long line; no vertical lines.
        var points = Enumerable.Range(0, 40).SelectMany(i => i % 2 == 0 ? new[] { 0.0, 0.0 } : [3.0, 4.0]).ToArray();

        var (rr, det, lam) = TrajectoryFeatures.WeightRqa(points, 2);

        Assert.Equal(1.0, det, 12);
        Assert.Equal(0.0, lam, 12);
        Assert.InRange(rr, 0.45, 0.5);
    }

    [Fact]
    public void WeightRqa_PointsThatNeverMove_NaN()
    {
        var points = Enumerable.Repeat(1.5, 40).ToArray();

        Assert.True(double.IsNaN(TrajectoryFeatures.WeightRqa(points, 2).Det));
    }

    [Fact]
    public void KantzLambdaOf_TentMap_NearLnOfItsSlope()
    {
        // The tent map x -> s min(x, 1 - x) stretches every small distance by |f'| = s, so its exponent is
        // ln s; with a constant |f'| the paper's estimator (the log of the mean separation) has no
        // Jensen bias (the logistic map's, with |f'| varying, reads about ln(8 / pi) = 0.93 rather than ln 2).
        const double s = 1.9;
        var x = new double[3000];
        x[0] = 0.1234;
        for (var i = 1; i < x.Length; i++)
        {
            x[i] = s * Math.Min(x[i - 1], 1 - x[i - 1]);
        }

        Assert.InRange(TrajectoryFeatures.KantzLambdaOf(x), Math.Log(s) - 0.1, Math.Log(s) + 0.1);
    }

    [Fact]
    public void StrengthTrend_TwoTwoOneNetwork_HandComputed()
    {
        // 2-2-1: W1 [2x2] = [[1, 2], [3, 4]], b1, W2 [2x1] = [[5], [6]], b2. Hidden strengths: in (4, 6) + out (5, 6) = (9, 12).
        var layout = ParameterLayout.ForLayers([2, 2, 1]);
        double[] first = [1, 2, 3, 4, 0, 0, 5, 6, 0];
        double[] last = [2, 4, 6, 8, 9, 9, 10, 12, 9]; // doubled weights, biases ignored: (18, 24)

        var (gini, change, growth) = TrajectoryFeatures.StrengthTrend(first, last, layout);

        // Gini of (a, b), a < b: (b - a) / (2 (a + b)); of (18, 24): 6 / 84.
        Assert.Equal(6.0 / 84, gini, 12);
        Assert.Equal(0.0, change, 12); // doubling every weight keeps the Gini
        Assert.Equal(2.0, growth, 12);
    }
}
