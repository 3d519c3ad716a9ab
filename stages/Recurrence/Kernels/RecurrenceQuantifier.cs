namespace NetOrbit.Recurrence;

/// <summary>
/// Exact recurrence quantification analysis without materialising the recurrence matrix:
/// the N x N matrix is swept in vertical strips of at most 1024 columns, two rows of bits at a
/// time, so memory is O(N) per worker. Results follow RecurrenceAnalysis.jl <c>rqa</c>
/// and are identical for every degree of parallelism.
/// </summary>
public static class RecurrenceQuantifier
{
    /// <summary>
    /// Analyses the states in <paramref name="points"/> (row-major, <paramref name="dimension"/> values per
    /// state, all finite), resolving the threshold first.
    /// </summary>
    public static RqaResult Compute(ReadOnlySpan<double> points, int dimension, RqaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var states = StateSet.FromRowMajor(points, dimension);
        double epsilon = ThresholdResolver.Resolve(states, options.Metric, options.Threshold, options.Workers);
        return Quantify(states, epsilon, options);
    }

    /// <summary>Resolves the threshold eps that <paramref name="options"/> specify for these states.</summary>
    public static double ResolveThreshold(ReadOnlySpan<double> points, int dimension, RqaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var states = StateSet.FromRowMajor(points, dimension);
        return ThresholdResolver.Resolve(states, options.Metric, options.Threshold, options.Workers);
    }

    internal static int StripWidth(int dimension) => Math.Clamp(16384 / dimension / 64 * 64, 64, 1024);

    internal static RqaResult Quantify(StateSet states, double epsilon, RqaOptions options) =>
        Quantify(states, epsilon, options, StripWidth(states.Dimension));

    internal static RqaResult Quantify(StateSet states, double epsilon, RqaOptions options, int stripWidth)
    {
        int n = states.Count;
        if (options.TheilerWindow >= n)
        {
            throw new ArgumentException(
                $"TheilerWindow ({options.TheilerWindow}) must be smaller than the number of states ({n}).", nameof(options));
        }

        var total = Sweep(states, epsilon, options.Metric, options.TheilerWindow, options.Workers, stripWidth);
        var diagonal = new long[n + 1];
        for (int l = 1; l <= n; l++)
        {
            diagonal[l] = 2 * total.UpperDiagonal[l];
        }

        if (options.TheilerWindow == 0)
        {
            // The line of identity is one line of length N (RecurrenceAnalysis.jl adds it once).
            diagonal[n]++;
        }

        return RqaMeasures.Build(n, epsilon, options, diagonal, total.Vertical, total.RecurrenceTime, total.DiagonalCount);
    }

    internal static LineHistograms Sweep(StateSet states, double epsilon, DistanceMetric metric, int theiler, int workers) =>
        Sweep(states, epsilon, metric, theiler, workers, StripWidth(states.Dimension));

    /// <summary>The sweep with an explicit strip width (a multiple of 64); tests use narrow strips to exercise stitching.</summary>
    internal static LineHistograms Sweep(StateSet states, double epsilon, DistanceMetric metric, int theiler, int workers, int width)
    {
        int n = states.Count;
        int stripCount = (n + width - 1) / width;
        double limit = DistanceKernels.Limit(epsilon, metric);
        var edges = new StripEdges[stripCount];
        var total = new LineHistograms(n);
        var gate = new object();
        Parallel.For(
            0,
            stripCount,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(workers, stripCount) },
            () => new StripSweep(states, metric, limit, theiler, width),
            (s, _, sweep) =>
            {
                edges[s] = sweep.Sweep(s * width);
                return sweep;
            },
            sweep =>
            {
                lock (gate)
                {
                    total.Add(sweep.Histograms);
                }
            });
        DiagonalStitcher.Stitch(edges, n, total);
        return total;
    }
}
