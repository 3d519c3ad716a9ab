namespace NetOrbit.Report;

/// <summary>
/// Draws a recurrence plot as a PNG: cell (i, j) is dark where states i and j are within eps
/// (distance &lt;= eps, the recurrence test of the RQA). Series longer than <c>maxSide</c> states are
/// drawn on every k-th state (k = ceil(N / maxSide)), so the image stays readable and cheap.
/// </summary>
public static class RecurrencePlotImage
{
    /// <summary>Norm of the state space.</summary>
    public enum Norm
    {
        /// <summary>L2.</summary>
        Euclidean,

        /// <summary>L-infinity.</summary>
        Maximum,

        /// <summary>L1.</summary>
        Manhattan,
    }

    /// <summary>Writes the plot of <paramref name="points"/> (row-major, N x <paramref name="dimension"/>) to <paramref name="path"/> atomically.</summary>
    /// <returns>The stride k used (1 when every state is drawn).</returns>
    public static int Write(ReadOnlySpan<double> points, int dimension, Norm norm, double eps, string path, string title, int maxSide = 1000, int pixels = 900)
    {
        var (plot, stride) = Build(points, dimension, norm, eps, title, maxSide);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var temp = path + ".tmp.png";
        plot.SavePng(temp, pixels, pixels);
        File.Move(temp, path, overwrite: true);
        return stride;
    }

    /// <summary>The recurrence plot of <paramref name="points"/> (row-major, N x <paramref name="dimension"/>) as a ScottPlot plot, and the stride k used.</summary>
    public static (ScottPlot.Plot Plot, int Stride) Build(ReadOnlySpan<double> points, int dimension, Norm norm, double eps, string title, int maxSide = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 2);
        var n = points.Length / dimension;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2, nameof(points));
        var stride = (n + maxSide - 1) / maxSide;
        var side = (n + stride - 1) / stride;
        var cells = new double[side, side];
        for (var a = 0; a < side; a++)
        {
            var x = points.Slice(a * stride * dimension, dimension);
            for (var b = a; b < side; b++)
            {
                var y = points.Slice(b * stride * dimension, dimension);
                var recurrent = Distance(x, y, norm) <= eps ? 1.0 : 0.0;

                // Row 0 of the heatmap is drawn at the top; flip so that time runs upwards on both axes.
                cells[side - 1 - a, b] = recurrent;
                cells[side - 1 - b, a] = recurrent;
            }
        }

        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
        heatmap.FlipVertically = false;
        heatmap.Extent = new ScottPlot.CoordinateRect(0, n, 0, n);
        plot.Title(title);
        plot.XLabel(stride == 1 ? "state i" : $"state i (every {stride}th drawn)");
        plot.YLabel("state j");
        plot.Axes.SetLimits(0, n, 0, n);
        return (plot, stride);
    }

    private static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Norm norm)
    {
        double d = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var diff = Math.Abs(x[i] - y[i]);
            d = norm switch
            {
                Norm.Maximum => Math.Max(d, diff),
                Norm.Manhattan => d + diff,
                _ => d + (diff * diff),
            };
        }

        return norm == Norm.Euclidean ? Math.Sqrt(d) : d;
    }
}
