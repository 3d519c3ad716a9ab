using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// The offline <c>netorbit rqa SERIES [options]</c> command: reads a CSV or Arrow series, embeds it,
/// and prints the RQA measures (or a windowed time series of them) as text or JSON. Numbers are
/// printed round-trip exact; in JSON, NaN and infinities are written as null.
/// </summary>
internal static class RqaCommand
{
    /// <summary>
    /// Runs the command. Returns 0 on success and 2 on bad input (options, file, series), after writing
    /// one line naming the file, row and column, or the flag, to <paramref name="stderr"/>.
    /// </summary>
    public static int Execute(RqaCommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var rqa = options.ToRqaOptions();
            if (options.Plot is not null)
            {
                throw new ArgumentException("--plot: recurrence plot images are not available yet.");
            }

            var series = SeriesFile.Read(options.Series, options.ToSeriesSelection());
            long states = DelayEmbedding.StateCount(series.Length, options.Dimension, options.Delay);
            if (states < 2)
            {
                throw new InputFileException(options.Series, $"{series.Length} samples give {Math.Max(states, 0)} states with --dim {options.Dimension} --delay {options.Delay}; at least 2 are needed");
            }

            if (options.Theiler >= states)
            {
                throw new ArgumentException($"--theiler ({options.Theiler}) must be smaller than the number of states ({states}).");
            }

            if (options.Window is { } w && w > states)
            {
                throw new ArgumentException($"--window ({w}) is longer than the embedded series ({states} states).");
            }

            int dimension = options.Dimension * series.Components;
            double[] points = DelayEmbedding.EmbedVectors(series.Values, series.Components, options.Dimension, options.Delay);
            var clock = Stopwatch.StartNew();
            var header = new Header(options, series, (int)states, rqa);
            if (options.Window is { } window && options.Step is { } step)
            {
                var windows = WindowedRqa.Compute(points, dimension, rqa, window, step);
                clock.Stop();
                stdout.Write(options.Json ? WindowsJson(header, windows, window, step) : WindowsText(header, windows, clock.Elapsed));
            }
            else
            {
                var result = RecurrenceQuantifier.Compute(points, dimension, rqa);
                clock.Stop();
                stdout.Write(options.Json ? ResultJson(header, result) : ResultText(header, result, clock.Elapsed));
            }

            return ExitCodes.Ok;
        }
        catch (InputFileException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private sealed record Header(RqaCommandOptions Options, Series Series, int States, RqaOptions Rqa);

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string ResultText(Header h, RqaResult r, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        AppendTextHeader(sb, h, r.Epsilon);
        foreach (var (name, value) in r.Measures)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name,-6} {F(value)}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"recurrences {r.RecurrenceCount}, {CountLines(r.DiagonalHistogram)} diagonal and {CountLines(r.VerticalHistogram)} vertical lines (all lengths)\n");
        sb.Append(CultureInfo.InvariantCulture, $"time   {elapsed.TotalSeconds:F3} s\n");
        return sb.ToString();
    }

    private static string WindowsText(Header h, IReadOnlyList<RqaWindow> windows, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        AppendTextHeader(sb, h, windows.Count > 0 ? windows[0].Result.Epsilon : double.NaN);
        sb.Append(CultureInfo.InvariantCulture, $"windows of {h.Options.Window} states, step {h.Options.Step}: {windows.Count}\n");
        sb.Append("start");
        foreach (var (name, _) in windows.Count > 0 ? windows[0].Result.Measures : [])
        {
            sb.Append('\t').Append(name);
        }

        sb.Append('\n');
        foreach (var w in windows)
        {
            sb.Append(w.Start.ToString(CultureInfo.InvariantCulture));
            foreach (var (_, value) in w.Result.Measures)
            {
                sb.Append('\t').Append(F(value));
            }

            sb.Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"time   {elapsed.TotalSeconds:F3} s\n");
        return sb.ToString();
    }

    private static void AppendTextHeader(StringBuilder sb, Header h, double epsilon)
    {
        var o = h.Options;
        sb.Append(CultureInfo.InvariantCulture, $"series {o.Series} [{h.Series.Column}]: {h.Series.Length} samples x {h.Series.Components}\n");
        sb.Append(CultureInfo.InvariantCulture, $"embed  dimension {o.Dimension}, delay {o.Delay}: {h.States} states\n");
        sb.Append(CultureInfo.InvariantCulture, $"rqa    {DistanceMetricNames.Name(h.Rqa.Metric)}, {h.Rqa.Threshold} -> eps {F(epsilon)}, theiler {o.Theiler}, lmin {o.Lmin}, vmin {o.Vmin}\n");
    }

    private static long CountLines(ImmutableArray<long> histogram) => histogram.Sum();

    private static string ResultJson(Header h, RqaResult r) => Json(writer =>
    {
        writer.WriteStartObject();
        WriteJsonHeader(writer, h, r.Epsilon);
        writer.WriteNumber("recurrence_count", r.RecurrenceCount);
        WriteMeasures(writer, r);
        writer.WriteStartObject("histograms");
        WriteHistogram(writer, "diagonal", r.DiagonalHistogram);
        WriteHistogram(writer, "vertical", r.VerticalHistogram);
        WriteHistogram(writer, "recurrence_time", r.RecurrenceTimeHistogram);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static string WindowsJson(Header h, IReadOnlyList<RqaWindow> windows, int window, int step) => Json(writer =>
    {
        writer.WriteStartObject();
        WriteJsonHeader(writer, h, windows.Count > 0 ? windows[0].Result.Epsilon : double.NaN);
        writer.WriteNumber("window", window);
        writer.WriteNumber("step", step);
        writer.WriteStartArray("windows");
        foreach (var w in windows)
        {
            writer.WriteStartObject();
            writer.WriteNumber("start", w.Start);
            writer.WriteNumber("length", w.Length);
            writer.WriteNumber("recurrence_count", w.Result.RecurrenceCount);
            WriteMeasures(writer, w.Result);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteJsonHeader(Utf8JsonWriter writer, Header h, double epsilon)
    {
        var o = h.Options;
        writer.WriteString("series", o.Series);
        writer.WriteString("column", h.Series.Column);
        writer.WriteNumber("samples", h.Series.Length);
        writer.WriteNumber("components", h.Series.Components);
        writer.WriteNumber("dimension", o.Dimension);
        writer.WriteNumber("delay", o.Delay);
        writer.WriteNumber("states", h.States);
        writer.WriteString("metric", DistanceMetricNames.Name(h.Rqa.Metric));
        writer.WriteString("threshold_kind", h.Rqa.Threshold.Kind.ToString());
        writer.WriteNumber("threshold_value", h.Rqa.Threshold.Value);
        WriteNumber(writer, "epsilon", epsilon);
        writer.WriteNumber("theiler", o.Theiler);
        writer.WriteNumber("lmin", o.Lmin);
        writer.WriteNumber("vmin", o.Vmin);
    }

    private static void WriteMeasures(Utf8JsonWriter writer, RqaResult r)
    {
        writer.WriteStartObject("measures");
        foreach (var (name, value) in r.Measures)
        {
            WriteNumber(writer, name, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Non-zero bins only, as [length, count] pairs.</summary>
    private static void WriteHistogram(Utf8JsonWriter writer, string name, ImmutableArray<long> histogram)
    {
        writer.WriteStartArray(name);
        for (int l = 1; l < histogram.Length; l++)
        {
            if (histogram[l] != 0)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(l);
                writer.WriteNumberValue(histogram[l]);
                writer.WriteEndArray();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
