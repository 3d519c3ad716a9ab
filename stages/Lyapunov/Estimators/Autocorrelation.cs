using NetOrbit.Randomness;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Sample autocorrelation of a mean-removed series, r(k) = sum_t (x_t - mean)(x_{t+k} - mean) / sum_t (x_t - mean)^2,
/// with the paper's null band: the same statistic on seeded random shuffles (Fig. 10: 1000 shuffles,
/// 3rd to 97th percentile, lags to 50).
/// </summary>
public static class Autocorrelation
{
    /// <summary>r(k) for k = 0..<paramref name="maxLag"/>; NaN for a constant series.</summary>
    public static double[] Compute(ReadOnlySpan<double> series, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        if (series.Length <= maxLag)
        {
            throw new ArgumentException($"The series ({series.Length} values) must be longer than the largest lag {maxLag}.", nameof(series));
        }

        var n = series.Length;
        double mean = 0;
        foreach (var v in series)
        {
            mean += v;
        }

        mean /= n;
        var c = new double[n];
        double denominator = 0;
        for (var t = 0; t < n; t++)
        {
            c[t] = series[t] - mean;
            denominator += c[t] * c[t];
        }

        var r = new double[maxLag + 1];
        for (var k = 0; k <= maxLag; k++)
        {
            // sum_t c_t c_{t+k}, vectorised (the shuffle band computes this 1000 times per lag).
            var s = System.Numerics.Tensors.TensorPrimitives.Dot(c.AsSpan(0, n - k), c.AsSpan(k));
            r[k] = denominator > 0 ? s / denominator : double.NaN;
        }

        return r;
    }

    /// <summary>The autocorrelation and its shuffle null band.</summary>
    /// <param name="series">The series (finite values).</param>
    /// <param name="maxLag">Largest lag (default 50).</param>
    /// <param name="shuffles">Number of shuffled copies (default 1000).</param>
    /// <param name="lowerPercentile">Lower band percentile in [0, 100] (default 3).</param>
    /// <param name="upperPercentile">Upper band percentile in [0, 100] (default 97).</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static AutocorrelationResult WithShuffleBand(ReadOnlySpan<double> series, int maxLag = 50, int shuffles = 1000, double lowerPercentile = 3, double upperPercentile = 97, long seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shuffles, 1);
        if (!(lowerPercentile >= 0 && lowerPercentile <= upperPercentile && upperPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerPercentile), "Percentiles must satisfy 0 <= lower <= upper <= 100.");
        }

        var acf = Compute(series, maxLag);
        var copy = series.ToArray();
        var samples = new double[maxLag + 1][];
        for (var k = 0; k <= maxLag; k++)
        {
            samples[k] = new double[shuffles];
        }

        var rng = new SeededRandom(seed);
        for (var s = 0; s < shuffles; s++)
        {
            rng.Shuffle(copy.AsSpan());
            var r = Compute(copy, maxLag);
            for (var k = 0; k <= maxLag; k++)
            {
                samples[k][s] = r[k];
            }
        }

        var lower = new double[maxLag + 1];
        var upper = new double[maxLag + 1];
        for (var k = 0; k <= maxLag; k++)
        {
            Array.Sort(samples[k]);
            lower[k] = Quantiles.Linear(samples[k], lowerPercentile / 100);
            upper[k] = Quantiles.Linear(samples[k], upperPercentile / 100);
        }

        return new AutocorrelationResult(acf, lower, upper);
    }
}
