using System.Text.Json.Serialization;
using NetOrbit.Stages;

namespace NetOrbit.Recurrence;

/// <summary>
/// Options of the in-stream <c>recurrence</c> stage (configuration <c>"stages": { "recurrence": { ... } }</c>,
/// keys in snake_case). Defaults: every snapshot, the reference member only, L1 (Manhattan) norm,
/// eps at a 5 % global recurrence rate, Theiler window 1, lmin = vmin = 2, windows of 100
/// snapshots every 50. At most one of <see cref="Threshold"/>, <see cref="RecurrenceRate"/>,
/// <see cref="ThresholdMax"/>, <see cref="ThresholdStd"/> is set.
/// </summary>
public sealed record RecurrenceOptions : IStageOptions
{
    /// <summary><c>every</c>: analyse every k-th step's snapshot, k &gt;= 1.</summary>
    [OptionRange(1)]
    public int Every { get; init; } = 1;

    /// <summary><c>members</c>: <c>reference</c> (member 0 only) or <c>all</c>.</summary>
    public RecurrenceMembers Members { get; init; } = RecurrenceMembers.Reference;

    /// <summary><c>metric</c>: <c>manhattan</c> (L1, default), <c>euclidean</c> or <c>max</c>.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Manhattan;

    /// <summary><c>threshold</c>: a fixed eps &gt;= 0.</summary>
    [OptionRange(0)]
    public double? Threshold { get; init; }

    /// <summary><c>recurrence_rate</c>: eps such that this fraction of pairs recur, in (0, 1); the default (0.05) when no threshold is given.</summary>
    [OptionRange(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double? RecurrenceRate { get; init; }

    /// <summary><c>threshold_max</c>: eps as this fraction of the largest distance, &gt; 0.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double? ThresholdMax { get; init; }

    /// <summary><c>threshold_std</c>: eps as this multiple of the trajectory's standard deviation, &gt; 0.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double? ThresholdStd { get; init; }

    /// <summary><c>theiler</c>: Theiler window w &gt;= 0 (default 1, the main diagonal).</summary>
    [OptionRange(0)]
    public int Theiler { get; init; } = 1;

    /// <summary><c>lmin</c>: minimum diagonal line length &gt;= 1 (default 2).</summary>
    [OptionRange(1)]
    public int Lmin { get; init; } = 2;

    /// <summary><c>vmin</c>: minimum vertical line length &gt;= 1 (default 2).</summary>
    [OptionRange(1)]
    public int Vmin { get; init; } = 2;

    /// <summary><c>trend_border</c>: outermost diagonals left out of TREND, &gt;= 0 (default 10).</summary>
    [OptionRange(0)]
    public int TrendBorder { get; init; } = 10;

    /// <summary><c>window</c>: snapshots per window of the windowed table, &gt;= 2 and &gt; theiler.</summary>
    [OptionRange(2)]
    public int Window { get; init; } = 100;

    /// <summary><c>step</c>: snapshots between window starts, &gt;= 1.</summary>
    [OptionRange(1)]
    public int Step { get; init; } = 50;

    /// <summary>Whether every member is analysed (<see cref="Members"/> is <see cref="RecurrenceMembers.All"/>).</summary>
    public bool AllMembers => Members == RecurrenceMembers.All;

    /// <summary>The threshold in force: the one given, else a 5 % recurrence rate.</summary>
    public RecurrenceThreshold ThresholdRule =>
        Threshold is { } t ? RecurrenceThreshold.Fixed(t)
        : ThresholdMax is { } m ? RecurrenceThreshold.FractionOfMaximum(m)
        : ThresholdStd is { } s ? RecurrenceThreshold.FractionOfStandardDeviation(s)
        : RecurrenceThreshold.RecurrenceRate(RecurrenceRate ?? 0.05);

    /// <summary>The RQA options these give (all processors; the stage sets its thread budget).</summary>
    public RqaOptions Rqa => new()
    {
        Metric = Metric,
        Threshold = ThresholdRule,
        TheilerWindow = Theiler,
        MinDiagonalLine = Lmin,
        MinVerticalLine = Vmin,
        TrendBorder = TrendBorder,
    };

    /// <inheritdoc />
    public IEnumerable<OptionProblem> Validate()
    {
        var given = new[] { ("threshold", Threshold), ("recurrence_rate", RecurrenceRate), ("threshold_max", ThresholdMax), ("threshold_std", ThresholdStd) }
            .Where(k => k.Item2 is not null).Select(k => k.Item1).ToList();
        if (given.Count > 1)
        {
            yield return OptionProblem.Rule(given[1], $"give only one of threshold, recurrence_rate, threshold_max, threshold_std (found {string.Join(", ", given)})");
        }

        if (Window <= Theiler)
        {
            yield return OptionProblem.Rule("window", $"must be larger than theiler ({Theiler})");
        }
    }
}
