using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using NetOrbit.Contracts;
using NetOrbit.Graph.Kernels;
using NetOrbit.Lyapunov;
using NetOrbit.Numerics;
using NetOrbit.Recurrence;

namespace NetOrbit.Regimes;

/// <summary>
/// Single-trajectory features of one network's recorded series (loss, accuracy, the weights), computed
/// over the finite prefix of the series: everything a trajectories/1 file recorded every k steps
/// holds, with no perturbed copies, Hessian or data. Units and edge cases: schemas/regimes.features.md.
/// </summary>
internal readonly record struct TrajectoryFeatures
{
    /// <summary>Largest number of points of a loss recurrence plot (an evenly spaced sample of the series).</summary>
    internal const int LossRecurrencePoints = 128;

    /// <summary>The weight sample of a recurrence plot holds between this many and twice as many points (see <see cref="TrajectorySeries"/>).</summary>
    internal const int WeightRecurrencePoints = 32;

    /// <summary>Largest number of (last) loss values whose spectrum gives the high-frequency share.</summary>
    internal const int HighFrequencyPoints = 256;

    /// <summary>Reference points of the loss series' Kantz exponent.</summary>
    internal const int KantzReferences = 64;

    /// <summary>RQA with a fixed eps (10% of the largest distance, found here: the kernel's own search over every pair costs more than the analysis at these sizes).</summary>
    private static RqaOptions Rqa(double epsilon) => new() { MaxDegreeOfParallelism = 1, Threshold = RecurrenceThreshold.Fixed(epsilon) };

    /// <summary>
    /// The float64 feature columns of <c>regimes/features</c>, in table order (<c>non_finite</c>, a bool,
    /// follows them): one list for the table, its rows and the classifier's vector.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, Func<TrajectoryFeatures, double> Value)> Columns =
    [
        ("loss_initial", f => f.LossInitial),
        ("loss_final", f => f.LossFinal),
        ("loss_ratio", f => f.LossRatio),
        ("loss_min", f => f.LossMin),
        ("loss_monotone_fraction", f => f.MonotoneFraction),
        ("loss_oscillation", f => f.Oscillation),
        ("loss_log_slope", f => f.LogLossSlope),
        ("loss_high_frequency", f => f.HighFrequencyPower),
        ("loss_sign_alternation", f => f.SignAlternation),
        ("loss_late_monotone_fraction", f => f.LateMonotoneFraction),
        ("loss_late_oscillation", f => f.LateOscillation),
        ("loss_kantz_lambda", f => f.KantzLambda),
        ("loss_rqa_det", f => f.LossDet),
        ("loss_rqa_lam", f => f.LossLam),
        ("loss_rqa_det_late", f => f.LateLossDet),
        ("accuracy_final", f => f.AccuracyFinal),
        ("loss_final_chance", f => f.LossFinalChance),
        ("loss_min_chance", f => f.LossMinChance),
        ("accuracy_above_chance", f => f.AccuracyAboveChance),
        ("step_mean", f => f.StepMean),
        ("step_max", f => f.StepMax),
        ("step_cv", f => f.StepCv),
        ("norm_initial", f => f.NormInitial),
        ("norm_final", f => f.NormFinal),
        ("norm_max", f => f.NormMax),
        ("norm_growth", f => f.NormGrowth),
        ("weights_rqa_rr", f => f.WeightsRr),
        ("weights_rqa_det", f => f.WeightsDet),
        ("weights_rqa_lam", f => f.WeightsLam),
        ("strength_gini_final", f => f.StrengthGiniFinal),
        ("strength_gini_change", f => f.StrengthGiniChange),
        ("strength_growth", f => f.StrengthGrowth),
    ];

    public int Snapshots { get; init; }

    public double LossInitial { get; init; }

    public double LossFinal { get; init; }

    public double LossRatio { get; init; }

    public double LossMin { get; init; }

    public double MonotoneFraction { get; init; }

    public double Oscillation { get; init; }

    public double LogLossSlope { get; init; }

    public double HighFrequencyPower { get; init; }

    public double SignAlternation { get; init; }

    public double LateMonotoneFraction { get; init; }

    public double LateOscillation { get; init; }

    public double KantzLambda { get; init; }

    public double LossDet { get; init; }

    public double LossLam { get; init; }

    public double LateLossDet { get; init; }

    public double AccuracyFinal { get; init; }

    public double LossFinalChance { get; init; }

    public double LossMinChance { get; init; }

    public double AccuracyAboveChance { get; init; }

    public double StepMean { get; init; }

    public double StepMax { get; init; }

    public double StepCv { get; init; }

    public double NormInitial { get; init; }

    public double NormFinal { get; init; }

    public double NormMax { get; init; }

    public double NormGrowth { get; init; }

    public double WeightsRr { get; init; }

    public double WeightsDet { get; init; }

    public double WeightsLam { get; init; }

    public double StrengthGiniFinal { get; init; }

    public double StrengthGiniChange { get; init; }

    public double StrengthGrowth { get; init; }

    public bool NonFinite { get; init; }

    /// <summary>
    /// Computes the features of <paramref name="series"/>. Statistics use the snapshots before the first
    /// non-finite loss, norm or step; <see cref="NonFinite"/> records that one occurred.
    /// <paramref name="highFrequency"/> is the lower edge of the "high" band as a fraction of the Nyquist
    /// frequency, in (0, 1). The strength features need a network layout with a hidden layer (NaN otherwise).
    /// </summary>
    public static TrajectoryFeatures Compute(TrajectorySeries series, ParameterLayout layout, double highFrequency)
    {
        var loss = series.Loss;
        var norm = series.Norm;
        var stepSize = series.StepSize;
        var n = loss.Length;
        var finite = 0;
        while (finite < n && double.IsFinite(loss[finite]) && double.IsFinite(norm[finite]) && (finite == 0 || double.IsFinite(stepSize[finite - 1])))
        {
            finite++;
        }

        var l = loss[..finite];
        var w = norm[..finite];
        var d = stepSize[..Math.Max(0, finite - 1)];
        var late = l[(finite / 2)..];
        var nan = double.NaN;
        var (lossDet, lossLam) = ScalarRqa(l);
        var weights = WeightRqa(series.Points(finite), series.Parameters);
        var (giniFinal, giniChange, growth) = StrengthTrend(series.FirstWeights, series.LastWeights, layout);
        // The chance level of the network's task, from its output width C alone: loss ln C, accuracy 1/C.
        var classes = layout.IsNetwork ? Math.Max(2, layout.LayerSizes[^1]) : 0;
        var chanceLoss = classes > 0 ? Math.Log(classes) : nan;
        var accuracyFinal = finite > 0 ? series.Accuracy[finite - 1] : nan;
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
            LogLossSlope = LogSlope(series.Steps[..finite], l),
            HighFrequencyPower = HighFrequencyFraction(l, highFrequency),
            SignAlternation = SignAlternationOf(l),
            LateMonotoneFraction = MonotoneFractionOf(late),
            LateOscillation = OscillationOf(late),
            KantzLambda = KantzLambdaOf(l),
            LossDet = lossDet,
            LossLam = lossLam,
            LateLossDet = ScalarRqa(late).Det,
            AccuracyFinal = accuracyFinal,
            LossFinalChance = finite > 0 ? l[^1] / chanceLoss : nan,
            LossMinChance = finite > 0 ? Min(l) / chanceLoss : nan,
            AccuracyAboveChance = (accuracyFinal - (1.0 / classes)) / (1 - (1.0 / classes)),
            StepMean = d.Length > 0 ? Mean(d) : nan,
            StepMax = d.Length > 0 ? Max(d) : nan,
            StepCv = CoefficientOfVariation(d),
            NormInitial = finite > 0 ? w[0] : nan,
            NormFinal = finite > 0 ? w[^1] : nan,
            NormMax = finite > 0 ? Max(w) : nan,
            NormGrowth = finite > 0 ? w[^1] / w[0] : nan,
            WeightsRr = weights.Rr,
            WeightsDet = weights.Det,
            WeightsLam = weights.Lam,
            StrengthGiniFinal = giniFinal,
            StrengthGiniChange = giniChange,
            StrengthGrowth = growth,
        };
    }

    /// <summary>
    /// Fraction of consecutive pairs of loss changes with opposite signs, in [0, 1]: 1 for a period-2
    /// oscillation, 0 for a monotone series; NaN with fewer than 3 values.
    /// </summary>
    public static double SignAlternationOf(ReadOnlySpan<double> loss)
    {
        if (loss.Length < 3)
        {
            return double.NaN;
        }

        var flips = 0;
        for (var i = 2; i < loss.Length; i++)
        {
            flips += (loss[i] - loss[i - 1]) * (loss[i - 1] - loss[i - 2]) < 0 ? 1 : 0;
        }

        return (double)flips / (loss.Length - 2);
    }

    /// <summary>
    /// The paper's Kantz-type exponent of the loss series (<see cref="LossKantzAnalysis"/>, per snapshot
    /// interval) with neighbours within 1e-3 of the series' range and <see cref="KantzReferences"/>
    /// references; NaN for a series too short (26 values) or constant, or without neighbours.
    /// </summary>
    public static double KantzLambdaOf(ReadOnlySpan<double> loss)
    {
        var options = new LossKantzOptions { ReferencePoints = KantzReferences };
        if (loss.Length < options.MaxSteps + 2)
        {
            return double.NaN;
        }

        var range = Max(loss) - Min(loss);
        return range > 0 && double.IsFinite(range)
            ? LossKantzAnalysis.Analyze(loss, options with { Tolerance = 1e-3 * range }).Lambda
            : double.NaN;
    }

    /// <summary>DET and LAM of the recurrence plot of a scalar series (an evenly spaced sample of at most <see cref="LossRecurrencePoints"/> values; eps = 10% of the largest distance, max - min of the sample); NaN with fewer than 10 values or a constant sample.</summary>
    public static (double Det, double Lam) ScalarRqa(ReadOnlySpan<double> series)
    {
        if (series.Length < 10)
        {
            return (double.NaN, double.NaN);
        }

        var m = Math.Min(series.Length, LossRecurrencePoints);
        var sample = new double[m];
        for (var i = 0; i < m; i++)
        {
            sample[i] = series[(int)((long)i * series.Length / m)];
        }

        var range = Max(sample) - Min(sample);
        if (!(range > 0))
        {
            return (double.NaN, double.NaN);
        }

        var r = RecurrenceQuantifier.Compute(sample, 1, Rqa(0.1 * range));
        return (r.DET, r.LAM);
    }

    /// <summary>RR, DET and LAM of the recurrence plot of the weight sample (Euclidean, eps = 10% of the largest distance between two sampled points); NaN with fewer than 10 points or points that never move.</summary>
    public static (double Rr, double Det, double Lam) WeightRqa(ReadOnlySpan<double> points, int parameters)
    {
        var count = parameters > 0 ? points.Length / parameters : 0;
        if (count < 10)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double largest = 0;
        for (var i = 0; i < count; i++)
        {
            var a = points.Slice(i * parameters, parameters);
            for (var j = i + 1; j < count; j++)
            {
                largest = Math.Max(largest, VectorDistance.L2(a, points.Slice(j * parameters, parameters)));
            }
        }

        if (!(largest > 0))
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var r = RecurrenceQuantifier.Compute(points, parameters, Rqa(0.1 * largest));
        return (r.RR, r.DET, r.LAM);
    }

    /// <summary>
    /// The first hidden layer's node strengths (sum of |w| over its incoming and outgoing edges, as in
    /// the graph stage) at the first and last finite weights: their Gini coefficient at the end, its
    /// change, and the growth of the mean strength; NaN without a hidden layer or finite weights.
    /// </summary>
    public static (double GiniFinal, double GiniChange, double Growth) StrengthTrend(double[]? first, double[]? last, ParameterLayout layout)
    {
        if (first is null || last is null || !layout.IsNetwork || layout.LayerCount < 2)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var (g0, m0) = HiddenStrength(first, layout);
        var (g1, m1) = HiddenStrength(last, layout);
        return (g1, g1 - g0, m0 > 0 ? m1 / m0 : double.NaN);
    }

    private static (double Gini, double Mean) HiddenStrength(double[] w, ParameterLayout layout)
    {
        var inputs = layout.LayerSizes[0];
        var hidden = layout.LayerSizes[1];
        var next = layout.LayerSizes[2];
        var w1 = layout.Weights(0);
        var w2 = layout.Weights(1);
        var incoming = new double[hidden];
        var outgoing = new double[hidden];
        NeuronStrengths.Compute(w.AsSpan(w1.Offset, w1.Length), inputs, hidden, new double[inputs], new double[inputs], incoming, new double[hidden]);
        NeuronStrengths.Compute(w.AsSpan(w2.Offset, w2.Length), hidden, next, outgoing, new double[hidden], new double[next], new double[next]);
        for (var j = 0; j < hidden; j++)
        {
            incoming[j] += outgoing[j];
        }

        return (StrengthSummary.GiniCoefficient(incoming, new double[hidden]), Mean(incoming));
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
    /// in [0, 1]; over the last n = min(256, 2^floor(log2 length)) values (a small radix-2 transform: a
    /// 1001-point transform cost 1.8 ms a run); NaN with fewer than 4 values or a series that is exactly linear.
    /// </summary>
    public static double HighFrequencyFraction(ReadOnlySpan<double> series, double cutoff)
    {
        if (series.Length < 4)
        {
            return double.NaN;
        }

        series = series[^Math.Min(HighFrequencyPoints, 1 << BitOperations.Log2((uint)series.Length))..];
        var n = series.Length;

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
