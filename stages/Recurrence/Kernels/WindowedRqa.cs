namespace NetOrbit.Recurrence;

/// <summary>
/// RQA as a time series: the measures of the square sub-matrices R[t .. t + W - 1, t .. t + W - 1]
/// for t = 0, S, 2S, ... with t + W &lt;= N, as RecurrenceAnalysis.jl <c>windowed</c> computes them.
/// The threshold is resolved once on the whole trajectory, so every window tests against the same eps.
/// </summary>
public static class WindowedRqa
{
    /// <summary>
    /// Windowed RQA of the states in <paramref name="points"/> (row-major). <paramref name="window"/> must
    /// exceed the Theiler window and not exceed N; <paramref name="step"/> &gt;= 1.
    /// </summary>
    public static IReadOnlyList<RqaWindow> Compute(ReadOnlySpan<double> points, int dimension, RqaOptions options, int window, int step)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var states = StateSet.FromRowMajor(points, dimension);
        Validate(states.Count, options, window, step);
        double epsilon = ThresholdResolver.Resolve(states, options.Metric, options.Threshold, options.Workers);
        return Compute(states, epsilon, options, window, step);
    }

    /// <summary>Window starts 0, step, 2 step, ... whose windows fit in <paramref name="count"/> states.</summary>
    public static int WindowCount(int count, int window, int step) => count < window ? 0 : (count - window) / step + 1;

    internal static void Validate(int count, RqaOptions options, int window, int step)
    {
        if (window <= options.TheilerWindow || window < 2)
        {
            throw new ArgumentException(
                $"window must be >= 2 and larger than TheilerWindow ({options.TheilerWindow}), got {window}.", nameof(window));
        }

        if (window > count)
        {
            throw new ArgumentException($"window ({window}) is longer than the trajectory ({count} states).", nameof(window));
        }

        if (step < 1)
        {
            throw new ArgumentException($"step must be >= 1, got {step}.", nameof(step));
        }
    }

    internal static IReadOnlyList<RqaWindow> Compute(StateSet states, double epsilon, RqaOptions options, int window, int step)
    {
        int count = WindowCount(states.Count, window, step);
        var results = new RqaWindow[count];
        var single = options with { MaxDegreeOfParallelism = 1 };
        int m = states.Dimension;
        Parallel.For(
            0,
            count,
            new ParallelOptions { MaxDegreeOfParallelism = options.Workers },
            i =>
            {
                int start = i * step;
                var sub = StateSet.FromRowMajor(states.Rows.AsSpan(start * m, window * m), m);
                results[i] = new RqaWindow(start, window, RecurrenceQuantifier.Quantify(sub, epsilon, single));
            });
        return results;
    }
}
