namespace NetOrbit.Recurrence;

/// <summary>How the recurrence threshold eps is obtained; see <see cref="RecurrenceThreshold"/>.</summary>
public enum ThresholdKind
{
    /// <summary>eps is the given distance.</summary>
    Fixed,

    /// <summary>eps = value * maximum distance between two states.</summary>
    FractionOfMaximum,

    /// <summary>eps = value * standard deviation of all N x N distances.</summary>
    FractionOfStandardDeviation,

    /// <summary>eps = the value-quantile of all N x N distances (a global recurrence rate).</summary>
    RecurrenceRate,
}
