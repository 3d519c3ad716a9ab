namespace NetOrbit.Lyapunov;

/// <summary>Quantiles by linear interpolation between order statistics (Hyndman-Fan type 7, numpy's default).</summary>
internal static class Quantiles
{
    /// <summary>The <paramref name="p"/>-quantile (p in [0, 1]) of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double Linear(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
