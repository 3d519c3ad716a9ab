using System.Runtime.CompilerServices;
namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Population moments of a sample: mean, standard deviation (divisor n), skewness m3 / m2^1.5 and
/// excess kurtosis m4 / m2^2 - 3, with m_k the k-th central moment (divisor n). These are
/// scipy.stats.skew / kurtosis with their defaults (bias=True, fisher=True). Skewness and kurtosis
/// are NaN when the variance is zero; everything is NaN for an empty sample.
/// </summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Population standard deviation.</param>
/// <param name="Skewness">Population skewness g1.</param>
/// <param name="Kurtosis">Population excess kurtosis g2 (0 for a normal distribution).</param>
internal readonly record struct Moments(double Mean, double Std, double Skewness, double Kurtosis)
{
    /// <summary>Computes the moments of <paramref name="x"/> in two passes (mean first, then central sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Moments Of(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty)
        {
            return new Moments(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var n = (double)x.Length;
        double sum = 0;
        foreach (var v in x)
        {
            sum += v;
        }

        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        m2 /= n;
        m3 /= n;
        m4 /= n;
        var std = Math.Sqrt(m2);
        return m2 > 0
            ? new Moments(mean, std, m3 / (m2 * std), m4 / (m2 * m2) - 3)
            : new Moments(mean, std, double.NaN, double.NaN);
    }
}
