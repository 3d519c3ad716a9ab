using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace NetOrbit.Regimes;

/// <summary>
/// Single-trajectory features of one network's recorded series (loss, accuracy, ||W||_1 and the L1
/// step between consecutive snapshots), computed over the finite prefix of the series: everything
/// a trajectories/1 file recorded every k steps holds, with no perturbed copies, Hessian or data.
/// </summary>
internal readonly record struct TrajectoryFeatures
{
    public int Snapshots { get; init; }

    public double LossInitial { get; init; }

    public double LossFinal { get; init; }

    public double LossRatio { get; init; }

    public double LossMin { get; init; }

    public double MonotoneFraction { get; init; }

    public double Oscillation { get; init; }

    public double LogLossSlope { get; init; }

    public double HighFrequencyPower { get; init; }

    public double AccuracyFinal { get; init; }

    public double StepMean { get; init; }

    public double StepMax { get; init; }

    public double StepCv { get; init; }

    public double NormInitial { get; init; }

    public double NormFinal { get; init; }

    public double NormMax { get; init; }

    public double NormGrowth { get; init; }

    public bool NonFinite { get; init; }

    /// <summary>
    /// Computes the features. <paramref name="steps"/>, <paramref name="loss"/>, <paramref name="accuracy"/>
    /// and <paramref name="norm"/> have one value per snapshot (steps ascending); <paramref name="stepSize"/>
    /// has one value per pair of consecutive snapshots (||W(s_i+1) - W(s_i)||_1). Statistics use the
    /// snapshots before the first non-finite loss or norm; <see cref="NonFinite"/> records that one occurred.
    /// <paramref name="highFrequency"/> is the lower edge of the "high" band as a fraction of the
    /// Nyquist frequency, in (0, 1).
    /// </summary>
    public static TrajectoryFeatures Compute(
        ReadOnlySpan<long> steps, ReadOnlySpan<double> loss, ReadOnlySpan<double> accuracy,
        ReadOnlySpan<double> norm, ReadOnlySpan<double> stepSize, double highFrequency)
    {
        var n = loss.Length;
        if (steps.Length != n || accuracy.Length != n || norm.Length != n || stepSize.Length != Math.Max(0, n - 1))
        {
            throw new ArgumentException("steps, loss, accuracy and norm need one value per snapshot, stepSize one per pair of snapshots.");
        }

        var finite = 0;
        while (finite < n && double.IsFinite(loss[finite]) && double.IsFinite(norm[finite]) && (finite == 0 || double.IsFinite(stepSize[finite - 1])))
        {
            finite++;
        }

        var l = loss[..finite];
        var w = norm[..finite];
        var d = stepSize[..Math.Max(0, finite - 1)];
        var nan = double.NaN;
        return new TrajectoryFeatures
        {
            Snapshots = n,
            NonFinite = finite < n,
            LossInitial = finite > 0 ? l[0] : nan,
            LossFinal = finite > 0 ? l[^1] : nan,
            LossRatio = finite > 0 ? l[^1] / l[0] : nan,
            LossMin = finite > 0 ? Min(l) : nan,
            MonotoneFraction = MonotoneFractionOf(l),
            Oscillation = OscillationOf(l),
            LogLossSlope = LogSlope(steps[..finite], l),
            HighFrequencyPower = HighFrequencyFraction(l, highFrequency),
            AccuracyFinal = finite > 0 ? accuracy[finite - 1] : nan,
            StepMean = d.Length > 0 ? Mean(d) : nan,
            StepMax = d.Length > 0 ? Max(d) : nan,
            StepCv = CoefficientOfVariation(d),
            NormInitial = finite > 0 ? w[0] : nan,
            NormFinal = finite > 0 ? w[^1] : nan,
            NormMax = finite > 0 ? Max(w) : nan,
            NormGrowth = finite > 0 ? w[^1] / w[0] : nan,
        };
    }

    /// <summary>Fraction of consecutive pairs with L(i+1) &lt; L(i), in [0, 1]; NaN with fewer than 2 values.</summary>
    public static double MonotoneFractionOf(ReadOnlySpan<double> loss)
    {
        if (loss.Length < 2)
        {
            return double.NaN;
        }

        var down = 0;
        for (var i = 1; i < loss.Length; i++)
        {
            down += loss[i] < loss[i - 1] ? 1 : 0;
        }

        return (double)down / (loss.Length - 1);
    }

    /// <summary>Mean |L(i+1) - 2 L(i) + L(i-1)| over the interior divided by the mean of L; NaN with fewer than 3 values or a zero mean.</summary>
    public static double OscillationOf(ReadOnlySpan<double> loss)
    {
        if (loss.Length < 3)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 1; i < loss.Length - 1; i++)
        {
            sum += Math.Abs(loss[i + 1] - (2 * loss[i]) + loss[i - 1]);
        }

        var mean = Mean(loss);
        return mean != 0 ? sum / (loss.Length - 2) / mean : double.NaN;
    }

    /// <summary>OLS slope of ln L on the step number (per step); NaN with fewer than 2 points or a non-positive loss.</summary>
    public static double LogSlope(ReadOnlySpan<long> steps, ReadOnlySpan<double> loss)
    {
        if (loss.Length < 2)
        {
            return double.NaN;
        }

        double mt = 0, my = 0;
        for (var i = 0; i < loss.Length; i++)
        {
            if (!(loss[i] > 0))
            {
                return double.NaN;
            }

            mt += steps[i];
            my += Math.Log(loss[i]);
        }

        mt /= loss.Length;
        my /= loss.Length;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < loss.Length; i++)
        {
            var dt = steps[i] - mt;
            sxx += dt * dt;
            sxy += dt * (Math.Log(loss[i]) - my);
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    /// <summary>
    /// Fraction of the power of the linearly detrended series (DFT, frequencies 1..n/2 in cycles per
    /// snapshot interval) at frequencies above <paramref name="cutoff"/> times the Nyquist frequency,
    /// in [0, 1]; NaN with fewer than 4 values or a series that is exactly linear.
    /// </summary>
    public static double HighFrequencyFraction(ReadOnlySpan<double> series, double cutoff)
    {
        var n = series.Length;
        if (n < 4)
        {
            return double.NaN;
        }

        // Linear detrend against the index, so a steady decrease does not read as low-frequency power.
        double mx = (n - 1) / 2.0, my = Mean(series), sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (i - mx) * (i - mx);
            sxy += (i - mx) * (series[i] - my);
        }

        var slope = sxy / sxx;
        var x = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = new Complex(series[i] - my - (slope * (i - mx)), 0);
        }

        Fourier.Forward(x, FourierOptions.NoScaling);
        double total = 0, high = 0;
        for (var k = 1; k <= n / 2; k++)
        {
            // One-sided power: bins k and n - k carry the same power, except the Nyquist bin of an even n.
            var p = x[k].Magnitude * x[k].Magnitude * (2 * k == n ? 1 : 2);
            total += p;
            if (k > cutoff * n / 2.0)
            {
                high += p;
            }
        }

        return total > 1e-300 * n ? high / total : double.NaN;
    }

    /// <summary>Standard deviation (population) over mean; NaN with no values or a zero mean.</summary>
    public static double CoefficientOfVariation(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var mean = Mean(values);
        double ss = 0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return mean != 0 ? Math.Sqrt(ss / values.Length) / mean : double.NaN;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (var v in values)
        {
            s += v;
        }

        return s / values.Length;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var m = double.PositiveInfinity;
        foreach (var v in values)
        {
            m = Math.Min(m, v);
        }

        return m;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var m = double.NegativeInfinity;
        foreach (var v in values)
        {
            m = Math.Max(m, v);
        }

        return m;
    }
}
