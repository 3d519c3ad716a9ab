using System.Text.Json.Serialization;

namespace NetOrbit.Recurrence;

/// <summary>
/// Norm used to measure the distance between two embedded states. Names follow Distances.jl
/// as used by RecurrenceAnalysis.jl: Euclidean (L2), Maximum (Chebyshev, L-infinity),
/// Manhattan (cityblock, L1).
/// </summary>
public enum DistanceMetric
{
    /// <summary>Square root of the sum of squared coordinate differences.</summary>
    Euclidean,

    /// <summary>Largest absolute coordinate difference.</summary>
    [JsonStringEnumMemberName("max")]
    Maximum,

    /// <summary>Sum of absolute coordinate differences (L1).</summary>
    Manhattan,
}
