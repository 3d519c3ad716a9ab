namespace NetOrbit.Recurrence;

/// <summary>
/// Options of the in-stream <c>recurrence</c> stage (configuration <c>"stages": { "recurrence": { ... } }</c>).
/// Defaults: every snapshot, the reference member only, L1 (Manhattan) norm, eps at a 5 % global
/// recurrence rate, Theiler window 1, lmin = vmin = 2, windows of 100 snapshots every 50.
/// </summary>
public sealed record RecurrenceStageOptions
{
    /// <summary><c>every</c>: analyse every k-th step's snapshot, k &gt;= 1.</summary>
    public int Every { get; init; } = 1;

    /// <summary><c>members</c>: <c>reference</c> (member 0 only) or <c>all</c>.</summary>
    public bool AllMembers { get; init; }

    /// <summary><c>metric</c>, <c>threshold</c> / <c>recurrence_rate</c> / <c>threshold_max</c> / <c>threshold_std</c>, <c>theiler</c>, <c>lmin</c>, <c>vmin</c>, <c>trend_border</c>.</summary>
    public RqaOptions Rqa { get; init; } = new()
    {
        Metric = DistanceMetric.Manhattan,
        Threshold = RecurrenceThreshold.RecurrenceRate(0.05),
    };

    /// <summary><c>window</c>: snapshots per window of the windowed table, &gt;= 2 and &gt; theiler.</summary>
    public int Window { get; init; } = 100;

    /// <summary><c>step</c>: snapshots between window starts, &gt;= 1.</summary>
    public int Step { get; init; } = 50;
}
