using System.CommandLine;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit rqa SERIES ...</c> and <c>netorbit lyapunov SERIES ...</c>: offline analysis of one series (CSV or Arrow).</summary>
internal static class SeriesCommands
{
    public static Command Rqa(TextWriter stdout, TextWriter stderr)
    {
        var input = new SeriesInput();
        var column = new Option<string?>("--column") { Description = "Column to read (CSV without header: 1-based number)." };
        var threshold = new Option<double?>("--threshold") { Description = "Fixed recurrence threshold eps (distance <= eps)." };
        var rate = new Option<double?>("--recurrence-rate") { Description = "Choose eps so that this fraction of pairs recur." };
        var tmax = new Option<double?>("--threshold-max") { Description = "eps as a fraction of the maximum distance." };
        var tstd = new Option<double?>("--threshold-std") { Description = "eps as a multiple of the standard deviation of the distances." };
        var metric = new Option<string>("--metric") { Description = "euclidean | max | manhattan.", DefaultValueFactory = _ => "euclidean" };
        metric.AcceptOnlyFromAmong("euclidean", "max", "manhattan");
        var theiler = new Option<int>("--theiler") { Description = "Theiler window w: pairs with |i-j| < w are excluded.", DefaultValueFactory = _ => 1 };
        var lmin = new Option<int>("--lmin") { Description = "Minimum diagonal line length.", DefaultValueFactory = _ => 2 };
        var vmin = new Option<int>("--vmin") { Description = "Minimum vertical line length.", DefaultValueFactory = _ => 2 };
        var window = new Option<int?>("--window") { Description = "Windowed RQA: states per window (with --step)." };
        var step = new Option<int?>("--step") { Description = "Windowed RQA: distance between window starts." };
        var plot = new Option<string?>("--plot") { Description = "Write the recurrence plot as a PNG image." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (-1: all cores); results do not depend on it.", DefaultValueFactory = _ => -1 };
        var c = new Command("rqa", "Recurrence quantification analysis of a series (conventions of RecurrenceAnalysis.jl).")
        {
            input.Series, column, input.Member, input.Run, input.First, input.Dimension, input.Delay, threshold, rate, tmax, tstd, metric, theiler, lmin, vmin, window, step, input.Json, plot, threads,
        };
        c.SetAction(p =>
        {
            var options = new RqaCommandOptions
            {
                Series = p.GetValue(input.Series)!,
                Column = p.GetValue(column),
                Member = p.GetValue(input.Member),
                Run = p.GetValue(input.Run),
                First = p.GetValue(input.First),
                Dimension = p.GetValue(input.Dimension),
                Delay = p.GetValue(input.Delay),
                Threshold = p.GetValue(threshold),
                RecurrenceRate = p.GetValue(rate),
                ThresholdFractionOfMaximum = p.GetValue(tmax),
                ThresholdFractionOfStandardDeviation = p.GetValue(tstd),
                Metric = p.GetValue(metric)!,
                Theiler = p.GetValue(theiler),
                Lmin = p.GetValue(lmin),
                Vmin = p.GetValue(vmin),
                Window = p.GetValue(window),
                Step = p.GetValue(step),
                Json = p.GetValue(input.Json),
                Threads = p.GetValue(threads),
            };
            var code = RqaCommand.Execute(options, stdout, stderr);
            return code == ExitCodes.Ok && p.GetValue(plot) is { } png ? WritePlot(options, png, stdout, stderr) : code;
        });
        return c;
    }

    /// <summary>Draws the recurrence plot of the series the RQA just analysed (same embedding, norm and threshold).</summary>
    private static int WritePlot(RqaCommandOptions options, string png, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var rqa = options.ToRqaOptions();
            var series = SeriesFile.Read(options.Series, options.ToSeriesSelection());
            var points = DelayEmbedding.EmbedVectors(series.Values, series.Components, options.Dimension, options.Delay);
            var dimension = options.Dimension * series.Components;
            var eps = RecurrenceQuantifier.ResolveThreshold(points, dimension, rqa);
            var norm = (Report.RecurrencePlotImage.Norm)(int)rqa.Metric;
            var stride = Report.RecurrencePlotImage.Write(points, dimension, norm, eps, png, $"{Path.GetFileName(options.Series)}: recurrence plot (eps = {eps:G4})");
            // With --json, stdout holds one JSON document: the plot line goes to stderr.
            (options.Json ? stderr : stdout).WriteLine($"plot   {png}" + (stride > 1 ? $" (every {stride}th state drawn)" : ""));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InputFileException)
        {
            stderr.WriteLine($"error: --plot {png}: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    public static Command Lyapunov(TextWriter stdout, TextWriter stderr)
    {
        var input = new SeriesInput();
        var column = new Option<string?>("--column") { Description = "Column name (CSV without header: 0-based index)." };
        var theiler = new Option<int>("--theiler") { Description = "Theiler window (samples): neighbours closer in time are excluded.", DefaultValueFactory = _ => 0 };
        var method = new Option<string>("--method") { Description = "rosenstein | kantz | loss-kantz (the paper's Fig. 11) | acf (the paper's Fig. 10).", DefaultValueFactory = _ => "rosenstein" };
        method.AcceptOnlyFromAmong("rosenstein", "kantz", "loss-kantz", "acf");
        var maxSteps = new Option<int>("--max-steps") { Description = "Length of the divergence curve (acf: the largest lag).", DefaultValueFactory = _ => 20 };
        var fitStart = new Option<int>("--fit-start") { Description = "First fitted step.", DefaultValueFactory = _ => 0 };
        var fitEnd = new Option<int>("--fit-end") { Description = "Last fitted step (inclusive).", DefaultValueFactory = _ => 5 };
        var radius = new Option<double?>("--radius") { Description = "Kantz neighbourhood radius (loss-kantz: the tolerance, default 5e-5)." };
        var neighbours = new Option<int>("--neighbours") { Description = "Kantz neighbours when no radius is given.", DefaultValueFactory = _ => 10 };
        var references = new Option<int>("--reference-points") { Description = "Reference points (0 = all; loss-kantz default 1000).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of random reference points and shuffles.", DefaultValueFactory = _ => 1 };
        var c = new Command("lyapunov", "Maximal Lyapunov exponent of a series or trajectory (Rosenstein, Kantz), the paper's loss-series analyses.")
        {
            input.Series, column, input.Dimension, input.Delay, theiler, method, maxSteps, fitStart, fitEnd, radius, neighbours, references, input.Member, input.Run, input.First, seed, input.Json,
        };
        c.SetAction(p => LyapunovCommand.Execute(
            new LyapunovCommandOptions
            {
                Series = p.GetValue(input.Series)!,
                Column = p.GetValue(column),
                Dimension = p.GetValue(input.Dimension),
                Delay = p.GetValue(input.Delay),
                Theiler = p.GetValue(theiler),
                Method = p.GetValue(method)!,
                MaxSteps = p.GetValue(maxSteps),
                FitStart = p.GetValue(fitStart),
                FitEnd = p.GetValue(fitEnd),
                Radius = p.GetValue(radius),
                Neighbours = p.GetValue(neighbours),
                ReferencePoints = p.GetValue(references),
                Member = p.GetValue(input.Member),
                Run = p.GetValue(input.Run),
                First = p.GetValue(input.First),
                Seed = p.GetValue(seed),
                Json = p.GetValue(input.Json),
            },
            stdout,
            stderr));
        return c;
    }

    /// <summary>The arguments both commands share: which series to read, its delay embedding, JSON output.</summary>
    private sealed class SeriesInput
    {
        public Argument<string> Series { get; } = new("series") { Description = "CSV file (numeric columns, header optional) or Arrow IPC file (a numeric column, or a trajectory's weights)." };

        public Option<int?> Member { get; } = new("--member") { Description = "Member to read from a trajectory file (default 0, the reference)." };

        public Option<string?> Run { get; } = new("--run") { Description = "Run to read from a table holding several runs." };

        public Option<int?> First { get; } = new("--first") { Description = "Use only the first N samples." };

        public Option<int> Dimension { get; } = new("--dim") { Description = "Embedding dimension.", DefaultValueFactory = _ => 1 };

        public Option<int> Delay { get; } = new("--delay") { Description = "Embedding delay (samples).", DefaultValueFactory = _ => 1 };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON." };
    }
}
