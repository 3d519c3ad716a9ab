namespace NetOrbit.TimeSeries;

/// <summary>
/// Takens time-delay embedding of a scalar or vector series: state i is (x[i], x[i + tau], ..., x[i + (m - 1) tau]),
/// giving N - (m - 1) tau states (DelayEmbeddings.jl <c>embed</c>). Used by the recurrence and Lyapunov analyses.
/// </summary>
public static class DelayEmbedding
{
    /// <summary>Number of states the embedding of <paramref name="length"/> samples yields (may be &lt;= 0).</summary>
    public static long StateCount(int length, int dimension, int delay) => length - (long)(dimension - 1) * delay;

    /// <summary>
    /// Embeds <paramref name="series"/> into <paramref name="destination"/> (row-major, one state per row of
    /// <paramref name="dimension"/> values). <paramref name="dimension"/> &gt;= 1, <paramref name="delay"/> &gt;= 1.
    /// </summary>
    public static void Embed(ReadOnlySpan<double> series, int dimension, int delay, Span<double> destination)
    {
        long n = Validate(series.Length, dimension, delay);
        if (destination.Length < n * dimension)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {n * dimension} are needed.", nameof(destination));
        }

        for (int i = 0; i < n; i++)
        {
            var row = destination.Slice(i * dimension, dimension);
            for (int k = 0; k < dimension; k++)
            {
                row[k] = series[i + k * delay];
            }
        }
    }

    /// <summary>Embeds <paramref name="series"/> and returns the states row-major.</summary>
    public static double[] Embed(ReadOnlySpan<double> series, int dimension, int delay)
    {
        long n = Validate(series.Length, dimension, delay);
        var result = new double[n * dimension];
        Embed(series, dimension, delay, result);
        return result;
    }

    /// <summary>
    /// Embeds a vector series (row-major, <paramref name="components"/> values per sample): state i is
    /// the concatenation of samples i, i + tau, ..., i + (m - 1) tau, so it has m * components coordinates.
    /// </summary>
    public static double[] EmbedVectors(ReadOnlySpan<double> series, int components, int dimension, int delay)
    {
        if (components < 1 || series.Length % components != 0)
        {
            throw new ArgumentException($"A series of {series.Length} values does not hold whole samples of {components} components.", nameof(components));
        }

        if (components == 1)
        {
            return Embed(series, dimension, delay);
        }

        long n = Validate(series.Length / components, dimension, delay);
        int width = dimension * components;
        var result = new double[n * width];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < dimension; k++)
            {
                series.Slice((i + k * delay) * components, components).CopyTo(result.AsSpan(i * width + k * components, components));
            }
        }

        return result;
    }

    private static long Validate(int length, int dimension, int delay)
    {
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The embedding dimension must be >= 1.");
        }

        if (delay < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The embedding delay must be >= 1.");
        }

        long n = StateCount(length, dimension, delay);
        if (n < 1)
        {
            throw new ArgumentException(
                $"A series of {length} samples is too short for dimension {dimension} and delay {delay}.", nameof(length));
        }

        return n;
    }
}
