namespace NetOrbit.Recurrence;

/// <summary>Command-line and table names of <see cref="DistanceMetric"/>: euclidean, max, manhattan.</summary>
public static class DistanceMetricNames
{
    /// <summary>The canonical name: <c>euclidean</c>, <c>max</c> or <c>manhattan</c>.</summary>
    public static string Name(DistanceMetric metric) => metric switch
    {
        DistanceMetric.Euclidean => "euclidean",
        DistanceMetric.Maximum => "max",
        DistanceMetric.Manhattan => "manhattan",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Parses a name (case-insensitive; also l2, maximum, chebyshev, linf, l1, cityblock); false when unknown.</summary>
    public static bool TryParse(string? text, out DistanceMetric metric)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "euclidean" or "l2":
                metric = DistanceMetric.Euclidean;
                return true;
            case "max" or "maximum" or "chebyshev" or "linf":
                metric = DistanceMetric.Maximum;
                return true;
            case "manhattan" or "l1" or "cityblock":
                metric = DistanceMetric.Manhattan;
                return true;
            default:
                metric = DistanceMetric.Euclidean;
                return false;
        }
    }
}
