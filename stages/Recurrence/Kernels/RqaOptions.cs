namespace NetOrbit.Recurrence;

/// <summary>
/// Options of one recurrence quantification analysis. Defaults follow RecurrenceAnalysis.jl
/// (Theiler window 1, minimum line lengths 2, TREND border 10); call <see cref="Validate"/>
/// (done by every entry point) to get an error that names the offending option.
/// </summary>
public sealed record RqaOptions
{
    /// <summary>Norm between states. Default Euclidean.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>How eps is chosen. Default: 10 % of the maximum distance.</summary>
    public RecurrenceThreshold Threshold { get; init; } = RecurrenceThreshold.FractionOfMaximum(0.1);

    /// <summary>
    /// Theiler window w &gt;= 0: points with |i - j| &lt; w are excluded from every count and from the
    /// recurrence-rate denominator, (N - w)(N - w + 1) (N^2 when w = 0). Default 1 (the main diagonal).
    /// </summary>
    public int TheilerWindow { get; init; } = 1;

    /// <summary>Minimum diagonal line length lmin &gt;= 1 counted by DET, L, Lmax, ENTR. Default 2.</summary>
    public int MinDiagonalLine { get; init; } = 2;

    /// <summary>Minimum vertical line length vmin &gt;= 1 counted by LAM, TT, Vmax, VENTR. Default 2.</summary>
    public int MinVerticalLine { get; init; } = 2;

    /// <summary>Number of outermost diagonals left out of TREND (&gt;= 0). Default 10.</summary>
    public int TrendBorder { get; init; } = 10;

    /// <summary>Worker threads, &gt;= 1, or -1 for all processors. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentException($"Metric: unknown metric {Metric}.", nameof(Metric));
        }

        ArgumentNullException.ThrowIfNull(Threshold, nameof(Threshold));
        Threshold.Validate(nameof(Threshold));
        if (TheilerWindow < 0)
        {
            throw new ArgumentException($"TheilerWindow must be >= 0, got {TheilerWindow}.", nameof(TheilerWindow));
        }

        if (MinDiagonalLine < 1)
        {
            throw new ArgumentException($"MinDiagonalLine must be >= 1, got {MinDiagonalLine}.", nameof(MinDiagonalLine));
        }

        if (MinVerticalLine < 1)
        {
            throw new ArgumentException($"MinVerticalLine must be >= 1, got {MinVerticalLine}.", nameof(MinVerticalLine));
        }

        if (TrendBorder < 0)
        {
            throw new ArgumentException($"TrendBorder must be >= 0, got {TrendBorder}.", nameof(TrendBorder));
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentException(
                $"MaxDegreeOfParallelism must be >= 1 or -1, got {MaxDegreeOfParallelism}.", nameof(MaxDegreeOfParallelism));
        }
    }

    internal int Workers => MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
}
