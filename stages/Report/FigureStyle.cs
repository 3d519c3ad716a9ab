using System.Globalization;
using ScottPlot;

namespace NetOrbit.Report;

/// <summary>
/// Plot helpers shared by the figures. ScottPlot has no logarithmic axis: log axes are drawn as
/// log10 of the values with ticks labelled 10^k and log-spaced minor ticks (the ScottPlot cookbook's
/// way); non-positive and non-finite values are left out of a log axis.
/// </summary>
internal static class FigureStyle
{
    /// <summary>Colours of the four regimes, fixed so that every figure uses the same.</summary>
    public static readonly IReadOnlyDictionary<string, Color> RegimeColors = new Dictionary<string, Color>(StringComparer.Ordinal)
    {
        ["regular"] = new Color(31, 119, 180),
        ["edge_of_stability"] = new Color(255, 127, 14),
        ["chaotic"] = new Color(214, 39, 40),
        ["divergent"] = new Color(80, 80, 80),
    };

    /// <summary>Regimes in the order figures list them.</summary>
    public static readonly string[] Regimes = ["regular", "edge_of_stability", "chaotic", "divergent"];

    private static readonly Color[] Palette = [.. new ScottPlot.Palettes.Category10().Colors];

    public static Color Series(int i) => Palette[i % Palette.Length];

    public static Plot New(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    public static string Number(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G4", CultureInfo.InvariantCulture);

    public static string Eps(double v) => v.ToString("0.##E+0", CultureInfo.InvariantCulture).Replace("E+", "e", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);

    /// <summary>Pairs where both values are finite (and positive where a log axis needs it), log10-transformed where asked.</summary>
    public static (double[] X, double[] Y) Points(IReadOnlyList<double> x, IReadOnlyList<double> y, bool logX = false, bool logY = false)
    {
        var xs = new List<double>(x.Count);
        var ys = new List<double>(x.Count);
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var a = x[i];
            var b = y[i];
            if (!double.IsFinite(a) || !double.IsFinite(b) || (logX && a <= 0) || (logY && b <= 0))
            {
                continue;
            }

            xs.Add(logX ? Math.Log10(a) : a);
            ys.Add(logY ? Math.Log10(b) : b);
        }

        return ([.. xs], [.. ys]);
    }

    public static ScottPlot.Plottables.Scatter Line(Plot plot, IReadOnlyList<double> x, IReadOnlyList<double> y, Color color, float width = 1.5f, string? legend = null, bool logX = false, bool logY = false)
    {
        var (xs, ys) = Points(x, y, logX, logY);
        var s = plot.Add.ScatterLine(xs, ys, color);
        s.LineWidth = width;
        if (legend is not null)
        {
            s.LegendText = legend;
        }

        return s;
    }

    public static ScottPlot.Plottables.Scatter Dots(Plot plot, IReadOnlyList<double> x, IReadOnlyList<double> y, Color color, float size = 5, string? legend = null, bool logX = false, bool logY = false)
    {
        var (xs, ys) = Points(x, y, logX, logY);
        var s = plot.Add.ScatterPoints(xs, ys, color);
        s.MarkerSize = size;
        if (legend is not null)
        {
            s.LegendText = legend;
        }

        return s;
    }

    /// <summary>Labels the left (or right) axis as log10 of the plotted values.</summary>
    public static void LogY(Plot plot, IAxis? axis = null) => Log(axis ?? plot.Axes.Left);

    /// <summary>Labels the bottom axis as log10 of the plotted values.</summary>
    public static void LogX(Plot plot) => Log(plot.Axes.Bottom);

    private static void Log(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = LogLabel,
        };
    }

    // Decades as 1e-5; ticks inside a decade (a narrow range) as the value itself, e.g. 3.2e-6.
    private static string LogLabel(double v) => Math.Abs(v - Math.Round(v)) < 1e-9
        ? "1e" + Math.Round(v).ToString("0", CultureInfo.InvariantCulture)
        : Math.Pow(10, v).ToString("0.##e0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A matrix drawn as coloured cells (row 0 at the top, column 0 at the left) with each value
    /// written in its cell; colours from Viridis over the finite values' range.
    /// </summary>
    public static void Cells(Plot plot, double[,] cells, string format, IReadOnlyList<string>? columns = null, IReadOnlyList<string>? rows = null)
    {
        var finite = cells.Cast<double>().Where(double.IsFinite).ToArray();
        var min = finite.Length == 0 ? 0 : finite.Min();
        var max = finite.Length == 0 ? 1 : finite.Max();
        var map = new ScottPlot.Colormaps.Viridis();
        for (var i = 0; i < cells.GetLength(0); i++)
        {
            for (var j = 0; j < cells.GetLength(1); j++)
            {
                var v = cells[i, j];
                var rect = plot.Add.Rectangle(j - 0.5, j + 0.5, -i - 0.5, -i + 0.5);
                rect.FillColor = double.IsFinite(v) ? map.GetColor(max > min ? (v - min) / (max - min) : 0.5) : Colors.LightGray;
                rect.LineColor = Colors.White;
                var fraction = max > min ? (v - min) / (max - min) : 0.5;
                var text = plot.Add.Text(double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a", j, -i);
                text.LabelFontColor = fraction > 0.6 ? Colors.Black : Colors.White;
                text.LabelFontSize = cells.GetLength(1) > 6 ? 11 : 16;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, cells.GetLength(1)).Select(j => (double)j)], [.. Enumerable.Range(0, cells.GetLength(1)).Select(j => columns is null ? j.ToString(CultureInfo.InvariantCulture) : columns[j])]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, cells.GetLength(0)).Select(i => (double)-i)], [.. Enumerable.Range(0, cells.GetLength(0)).Select(i => rows is null ? i.ToString(CultureInfo.InvariantCulture) : rows[i])]);
        plot.Axes.SetLimits(-0.5, cells.GetLength(1) - 0.5, -cells.GetLength(0) + 0.5, 0.5);
        plot.Grid.IsVisible = false;
    }

    /// <summary>Equally wide histogram bins over [min, max]: centres, counts and width.</summary>
    public static (double[] Centers, double[] Counts, double Width) Histogram(IReadOnlyList<double> values, int bins)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return ([], [], 1);
        }

        var min = finite.Min();
        var max = finite.Max();
        if (max <= min)
        {
            max = min + 1e-9 + Math.Abs(min) * 1e-6;
        }

        var width = (max - min) / bins;
        var counts = new double[bins];
        foreach (var v in finite)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }

        return ([.. Enumerable.Range(0, bins).Select(i => min + (i + 0.5) * width)], counts, width);
    }

    public static void Bars(Plot plot, double[] centers, double[] heights, double width, Color color, string? legend = null)
    {
        var bars = centers.Select((c, i) => new Bar { Position = c, Value = heights[i], Size = width * 0.95, FillColor = color, LineWidth = 0 }).ToList();
        var b = plot.Add.Bars(bars);
        if (legend is not null)
        {
            b.LegendText = legend;
        }
    }

    /// <summary>OLS fit y = a + b x.</summary>
    public static (double Intercept, double Slope) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        var slope = sxx > 0 ? sxy / sxx : 0;
        return (my - slope * mx, slope);
    }
}
