using System.Runtime.CompilerServices;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Distribution of non-negative node strengths over one layer of neurons: mean, population standard
/// deviation, Gini coefficient and maximum. The Gini coefficient is
/// G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), in [0, 1 - 1/n]: 0 when every neuron is equally
/// strong; NaN when every strength is zero (mean 0) or the layer is empty.
/// </summary>
/// <param name="Mean">Mean strength.</param>
/// <param name="Std">Population standard deviation.</param>
/// <param name="Gini">Gini coefficient.</param>
/// <param name="Max">Largest strength.</param>
internal readonly record struct StrengthSummary(double Mean, double Std, double Gini, double Max)
{
    /// <summary>Summarises <paramref name="x"/>; <paramref name="scratch"/> (at least x's length) is used for sorting.</summary>
    public static StrengthSummary Of(ReadOnlySpan<double> x, Span<double> scratch)
    {
        if (x.IsEmpty)
        {
            return new StrengthSummary(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var moments = Moments.Of(x);
        var max = x[0];
        foreach (var v in x)
        {
            max = Math.Max(max, v); // NaN propagates
        }

        return new StrengthSummary(moments.Mean, moments.Std, GiniCoefficient(x, scratch), max);
    }

    /// <summary>
    /// Gini coefficient of non-negative values by the sorted form
    /// G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n (i = 1..n, ascending order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double GiniCoefficient(ReadOnlySpan<double> x, Span<double> scratch)
    {
        var n = x.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var sorted = scratch[..n];
        x.CopyTo(sorted);
        if (n <= 32)
        {
            // Insertion sort: layers are a few to a few dozen neurons wide, where it beats the
            // library's introsort and needs no generic sorting code compiled.
            for (var i = 1; i < n; i++)
            {
                var v = sorted[i];
                var j = i - 1;
                while (j >= 0 && sorted[j] > v)
                {
                    sorted[j + 1] = sorted[j];
                    j--;
                }

                sorted[j + 1] = v;
            }
        }
        else
        {
            sorted.Sort();
        }
        double total = 0, weighted = 0;
        for (var i = 0; i < n; i++)
        {
            total += sorted[i];
            weighted += (i + 1) * sorted[i];
        }

        return total > 0 ? 2 * weighted / (n * total) - (n + 1.0) / n : double.NaN;
    }
}
