using NetOrbit.Regimes;

namespace NetOrbit.Tests.Regimes;

/// <summary>Each feature on synthetic series with a known answer.</summary>
public sealed class TrajectoryFeaturesTests
{
    private static long[] Steps(int n, int k = 1) => Enumerable.Range(0, n).Select(i => (long)i * k).ToArray();

    private static TrajectoryFeatures Compute(double[] loss, double[]? norm = null, double[]? steps = null, int k = 1)
    {
        var n = loss.Length;
        norm ??= Enumerable.Repeat(1.0, n).ToArray();
        steps ??= new double[Math.Max(0, n - 1)];
        return TrajectoryFeatures.Compute(Steps(n, k), loss, Enumerable.Repeat(0.5, n).ToArray(), norm, steps, 0.5);
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
    public void Compute_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => TrajectoryFeatures.Compute(Steps(3), [1, 2, 3], [1, 1, 1], [1, 1, 1], [1, 1, 1], 0.5));
    }
}
