using System.Globalization;
using System.Text.Json;
using NetOrbit.Lyapunov;
using NetOrbit.TimeSeries;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// <c>netorbit lyapunov SERIES</c>: the maximal Lyapunov exponent of one recorded series (a CSV column,
/// an Arrow numeric column, or an Arrow <c>weights</c> column read as a vector series) by the Rosenstein
/// or Kantz method, or the paper's loss analyses (loss-kantz, acf). Exit codes: 0 done, 2 bad input.
/// </summary>
internal static class LyapunovCommand
{
    /// <summary>Runs the analysis described by <paramref name="o"/>, writing the result to <paramref name="stdout"/>.</summary>
    public static int Execute(LyapunovCommandOptions o, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var method = o.Method.ToLowerInvariant();
        if (method is not ("rosenstein" or "kantz" or "loss-kantz" or "acf"))
        {
            stderr.WriteLine($"error: --method '{o.Method}' is not allowed: expected rosenstein | kantz | loss-kantz | acf");
            return ExitCodes.BadInput;
        }

        var problem = Problem(o);
        if (problem is not null)
        {
            stderr.WriteLine($"error: {problem}");
            return ExitCodes.BadInput;
        }

        Series data;
        try
        {
            data = SeriesFile.Read(o.Series, new SeriesSelection { Column = o.Column, Member = o.Member, Run = o.Run, First = o.First, FirstColumnNumber = 0, AllColumnsByDefault = false });
        }
        catch (InputFileException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            switch (method)
            {
                case "loss-kantz":
                    return LossKantz(o, data, stdout, stderr);
                case "acf":
                    return Acf(o, data, stdout, stderr);
                default:
                    return Divergence(o, data, method == "kantz" ? DivergenceMethod.Kantz : DivergenceMethod.Rosenstein, stdout);
            }
        }
        catch (ArgumentException e)
        {
            // Option ranges and series too short for the options: user input.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            stderr.WriteLine($"error: {o.Series}: {FirstLine(message)}");
            return ExitCodes.BadInput;
        }
    }

    private static int Divergence(LyapunovCommandOptions o, Series data, DivergenceMethod method, TextWriter stdout)
    {
        var options = new DivergenceOptions
        {
            Dimension = o.Dimension,
            Delay = o.Delay,
            Theiler = o.Theiler,
            MaxSteps = o.MaxSteps,
            FitStart = o.FitStart,
            FitEnd = o.FitEnd,
            Radius = o.Radius,
            Neighbours = o.Neighbours,
            ReferencePoints = o.ReferencePoints,
        };
        var curve = DivergenceEstimator.Estimate(data.Values, data.Components, method, options);
        var name = method == DivergenceMethod.Kantz ? "kantz" : "rosenstein";
        if (o.Json)
        {
            WriteJson(stdout, w =>
            {
                Header(w, o, data, name);
                w.WriteNumber("dim", o.Dimension);
                w.WriteNumber("delay", o.Delay);
                w.WriteNumber("theiler", o.Theiler);
                w.WriteNumber("references", curve.References);
                w.WriteNumber("fit_start", curve.FitStart);
                w.WriteNumber("fit_end", curve.FitEnd);
                Number(w, "exponent", curve.Exponent);
                Number(w, "r2", curve.Fit.R2);
                Number(w, "intercept", curve.Fit.Intercept);
                w.WriteStartArray("curve");
                for (var n = 0; n < curve.LogDivergence.Length; n++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("n", n);
                    Number(w, "ln_divergence", curve.LogDivergence[n]);
                    w.WriteNumber("pairs", curve.Pairs[n]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }

        stdout.WriteLine(Inv($"series: {o.Series} (column {data.Column}, {data.Length} points of width {data.Components})"));
        stdout.WriteLine(Inv($"method: {name}, dim {o.Dimension}, delay {o.Delay}, theiler {o.Theiler}, references {curve.References}"));
        stdout.WriteLine(Inv($"exponent: {curve.Exponent:G6} per step (fit n = {curve.FitStart}..{curve.FitEnd}, R^2 {curve.Fit.R2:F4})"));
        stdout.WriteLine("n\tln_divergence\tpairs");
        for (var n = 0; n < curve.LogDivergence.Length; n++)
        {
            stdout.WriteLine(Inv($"{n}\t{curve.LogDivergence[n]:G6}\t{curve.Pairs[n]}"));
        }

        return ExitCodes.Ok;
    }

    private static int LossKantz(LyapunovCommandOptions o, Series data, TextWriter stdout, TextWriter stderr)
    {
        if (data.Components != 1)
        {
            stderr.WriteLine($"error: {o.Series}: loss-kantz needs a scalar column; column {data.Column} holds vectors of {data.Components}");
            return ExitCodes.BadInput;
        }

        var defaults = new LossKantzOptions();
        var options = defaults with
        {
            ReferencePoints = o.ReferencePoints > 0 ? o.ReferencePoints : defaults.ReferencePoints,
            Tolerance = o.Radius ?? defaults.Tolerance,
            Theiler = o.Theiler,
            Seed = o.Seed,
        };
        var r = LossKantzAnalysis.Analyze(data.Values, options);
        if (o.Json)
        {
            WriteJson(stdout, w =>
            {
                Header(w, o, data, "loss-kantz");
                w.WriteNumber("references", r.References);
                w.WriteNumber("pairs", r.Pairs);
                Number(w, "exponent", r.Lambda);
                Number(w, "r2", r.R2);
                w.WriteNumber("window_end", r.WindowEnd);
                Number(w, "p_value", r.PValue);
                w.WriteBoolean("significant", r.Significant);
                w.WriteStartArray("mean_divergence");
                foreach (var d in r.MeanDivergence)
                {
                    NumberValue(w, d);
                }

                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }

        stdout.WriteLine(Inv($"series: {o.Series} (column {data.Column}, {data.Length} points)"));
        stdout.WriteLine(Inv($"method: loss-kantz, tolerance {options.Tolerance:G3}, references {r.References}, pairs {r.Pairs}"));
        stdout.WriteLine(Inv($"exponent: {r.Lambda:G6} per step (best window n = 1..{r.WindowEnd}, R^2 {r.R2:F4}); p = {r.PValue:G3} ({(r.Significant ? "significant" : "not significant")})"));
        stdout.WriteLine("n\tmean_divergence");
        for (var n = 0; n < r.MeanDivergence.Length; n++)
        {
            stdout.WriteLine(Inv($"{n}\t{r.MeanDivergence[n]:G6}"));
        }

        return ExitCodes.Ok;
    }

    private static int Acf(LyapunovCommandOptions o, Series data, TextWriter stdout, TextWriter stderr)
    {
        if (data.Components != 1)
        {
            stderr.WriteLine($"error: {o.Series}: acf needs a scalar column; column {data.Column} holds vectors of {data.Components}");
            return ExitCodes.BadInput;
        }

        var r = Autocorrelation.WithShuffleBand(data.Values, o.MaxSteps, seed: o.Seed);
        if (o.Json)
        {
            WriteJson(stdout, w =>
            {
                Header(w, o, data, "acf");
                w.WriteStartArray("lags");
                for (var k = 0; k < r.Acf.Length; k++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("lag", k);
                    Number(w, "acf", r.Acf[k]);
                    Number(w, "null_p03", r.Lower[k]);
                    Number(w, "null_p97", r.Upper[k]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }

        stdout.WriteLine(Inv($"series: {o.Series} (column {data.Column}, {data.Length} points); 1000 shuffles, band 3rd-97th percentile"));
        stdout.WriteLine("lag\tacf\tnull_p03\tnull_p97");
        for (var k = 0; k < r.Acf.Length; k++)
        {
            stdout.WriteLine(Inv($"{k}\t{r.Acf[k]:G6}\t{r.Lower[k]:G6}\t{r.Upper[k]:G6}"));
        }

        return ExitCodes.Ok;
    }

    private static string? Problem(LyapunovCommandOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Series))
        {
            return "SERIES: a file path is required";
        }

        return o switch
        {
            { Dimension: < 1 } => $"--dim {o.Dimension}: must be >= 1",
            { Delay: < 1 } => $"--delay {o.Delay}: must be >= 1",
            { Theiler: < 0 } => $"--theiler {o.Theiler}: must be >= 0",
            { MaxSteps: < 1 } => $"--max-steps {o.MaxSteps}: must be >= 1",
            { FitStart: < 0 } => $"--fit-start {o.FitStart}: must be >= 0",
            _ when o.FitEnd <= o.FitStart || o.FitEnd > o.MaxSteps => $"--fit-end {o.FitEnd}: must be > --fit-start ({o.FitStart}) and <= --max-steps ({o.MaxSteps})",
            _ when o.Radius is { } r && !(r > 0 && double.IsFinite(r)) => $"--radius {o.Radius}: must be positive",
            { Neighbours: < 1 } => $"--neighbours {o.Neighbours}: must be >= 1",
            { ReferencePoints: < 0 } => $"--references {o.ReferencePoints}: must be >= 0",
            _ => null,
        };
    }

    private static void Header(Utf8JsonWriter w, LyapunovCommandOptions o, Series data, string method)
    {
        w.WriteString("series", o.Series);
        w.WriteString("column", data.Column);
        w.WriteNumber("points", data.Length);
        w.WriteNumber("width", data.Components);
        w.WriteString("method", method);
    }

    private static void WriteJson(TextWriter stdout, Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    // JSON has no NaN: non-finite values are written as null.
    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void NumberValue(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
