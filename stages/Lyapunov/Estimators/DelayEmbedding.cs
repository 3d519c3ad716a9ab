namespace NetOrbit.Lyapunov;

/// <summary>Takens delay embedding of a scalar or vector series.</summary>
public static class DelayEmbedding
{
    /// <summary>
    /// Embeds a series of <paramref name="width"/>-component points (row-major, length N x width):
    /// row i of the result is [x_i, x_{i+delay}, ..., x_{i+(dim-1) delay}], width x dim values.
    /// Returns N - (dim - 1) delay rows (none when the series is too short).
    /// </summary>
    public static double[] Embed(ReadOnlySpan<double> series, int width, int dimension, int delay, out int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, 1);
        if (series.Length % width != 0)
        {
            throw new ArgumentException($"Series length {series.Length} is not a multiple of the point width {width}.", nameof(series));
        }

        var n = series.Length / width;
        rows = Math.Max(0, n - (dimension - 1) * delay);
        var rowWidth = width * dimension;
        var result = new double[rows * rowWidth];
        for (var i = 0; i < rows; i++)
        {
            for (var d = 0; d < dimension; d++)
            {
                series.Slice((i + d * delay) * width, width).CopyTo(result.AsSpan(i * rowWidth + d * width, width));
            }
        }

        return result;
    }
}
