using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NetOrbit.Config;
using NetOrbit.Pipeline;
using NetOrbit.Report.LrScan;
using NetOrbit.Running;
using NetOrbit.Stages;
using Spectre.Console;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// <c>netorbit lr-scan CONFIG [--part NAME] [--from X] [--to Y] [--count N] [--initial-conditions N] [--target A] [--out DIR] [--threads N] [--json] [--no-report]</c>:
/// sweeps the learning rate of a configuration's datasets and architecture and recommends the
/// largest one that still learns before the onset of chaos.
/// </summary>
internal static class LrScanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new LrScanOptions();
        var config = new Argument<string>("config") { Description = "Experiment configuration (JSON): its datasets, architecture, initialisation, optimiser, steps and evaluation are scanned." };
        var part = new Option<string?>("--part") { Description = "When CONFIG is a study (a configuration with 'parts', such as samples/configs/paper-iris.json): scan this part." };
        var from = new Option<double>("--from") { Description = $"Smallest learning rate of the log grid (default {defaults.From}).", DefaultValueFactory = _ => defaults.From };
        var to = new Option<double>("--to") { Description = $"Largest learning rate (default {defaults.To}).", DefaultValueFactory = _ => defaults.To };
        var count = new Option<int>("--count") { Description = $"Learning rates in the grid, log-spaced (default {defaults.Count}).", DefaultValueFactory = _ => defaults.Count };
        var ics = new Option<int?>("--initial-conditions") { Description = $"Initial conditions per learning rate (default {LrScanOptions.DefaultInitialConditions}, or the configuration's count when smaller)." };
        var target = new Option<double>("--target") { Description = $"Test accuracy that counts as learnt (default {defaults.Target}).", DefaultValueFactory = _ => defaults.Target };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default runs/<name>-lr-scan)." };
        var threads = new Option<int>("--threads") { Description = "Runs trained in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (what lr_scan.json holds) instead of the table." };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write the report (RUN_DIR/report)." };
        var command = new Command("lr-scan", "Sweep the learning rate of a configuration: maximal exponent, sharpness, time to the target test accuracy and regime per eta, and the largest eta that still learns before the onset of chaos.")
        {
            config, part, from, to, count, ics, target, outDir, threads, json, noReport,
        };
        command.SetAction((parse, ct) => ExecuteAsync(
            parse.GetValue(config)!,
            new LrScanOptions { From = parse.GetValue(from), To = parse.GetValue(to), Count = parse.GetValue(count), InitialConditions = parse.GetValue(ics), Target = parse.GetValue(target) },
            parse.GetValue(outDir), parse.GetValue(threads), parse.GetValue(json), !parse.GetValue(noReport), stdout, stderr, ct, parse.GetValue(part)));
        return command;
    }

    internal static async Task<int> ExecuteAsync(string configPath, LrScanOptions options, string? outDir, int threads, bool json, bool report, TextWriter stdout, TextWriter stderr, CancellationToken ct, string? part = null)
    {
        var problems = options.Problems();
        if (threads < 1)
        {
            problems = [.. problems, $"--threads must be at least 1 (got {threads})"];
        }

        if (problems.Count > 0)
        {
            await stderr.WriteLineAsync($"error: lr-scan: {string.Join("; ", problems)}");
            return ExitCodes.BadInput;
        }

        LrScanPlan plan;
        Experiment experiment;
        try
        {
            var config = LoadConfig(configPath, part);
            plan = LrScanPlan.Create(config, options);
            experiment = ExperimentBuilder.FromJson(plan.Json, configPath, config.BaseDirectory).Build();
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync(RunCommand.Describe(e));
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InputFileException or PluginException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var dir = outDir ?? Path.Combine("runs", plan.Name);
        var clock = Stopwatch.StartNew();
        var say = json ? TextWriter.Null : stdout;
        var etas = experiment.Config.LearningRates;
        await say.WriteLineAsync($"netorbit {NetOrbitInfo.Version} lr-scan of {configPath}: {etas.Count} learning rates from {N(etas[0])} to {N(etas[^1])} x {experiment.Config.InitialConditions.Count} initial conditions x {experiment.Config.Perturbations.Copies} copies (eps = {N(experiment.Config.Perturbations.Epsilons[0])}), {experiment.Config.Steps} steps: {experiment.Runs.Count} runs, {experiment.TotalNetworkSteps:N0} network-steps, {threads} thread(s) -> {dir}");
        foreach (var note in plan.Notes)
        {
            await say.WriteLineAsync($"note: {note}");
        }

        LrScanResult result;
        double trainSeconds;
        try
        {
            var progress = new RunCommand.LatestProgress(new ExperimentProgress(0, experiment.TotalNetworkSteps, 0, experiment.Runs.Count));
            var work = experiment.RunAsync(dir, new ExperimentRunOptions { Threads = threads, KeepRunResults = false, Progress = json ? null : progress }, ct);
            if (!json)
            {
                await RunCommand.ShowProgressAsync(work, () => progress.Value, say, ct);
            }

            var run = await work;
            trainSeconds = clock.Elapsed.TotalSeconds;
            await say.WriteLineAsync($"trained: {run.RunCount} runs ({run.Diverged} with diverged members) in {trainSeconds:F1} s, {run.NetworkSteps / Math.Max(1e-9, trainSeconds):N0} network-steps/s");
            result = LrScanResult.Analyze(dir, options.Target);
            await LrScanTable.WriteAsync(dir, result, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"cancelled: completed runs are in {dir}; incomplete files were removed");
            return ExitCodes.Cancelled;
        }
        catch (InputFileException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is StageFailedException or IOException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        if (report)
        {
            var code = ReportCommand.Execute(dir, null, say, stderr, ct);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }

        var wall = clock.Elapsed.TotalSeconds;
        if (json)
        {
            await stdout.WriteLineAsync(LrScanTable.ToJson(result, new JsonObject
            {
                ["config"] = configPath,
                ["run_directory"] = dir,
                ["train_seconds"] = Math.Round(trainSeconds, 2),
                ["wall_seconds"] = Math.Round(wall, 2),
            }));
            return ExitCodes.Ok;
        }

        Print(result, stdout);
        await stdout.WriteLineAsync($"done in {wall:F1} s (training {trainSeconds:F1} s) -> {Path.Combine(dir, LrScanTable.Name + ".arrow")}, {Path.Combine(dir, LrScanTable.JsonFile)}{(report ? $", {Path.Combine(dir, "report", "index.html")}" : "")}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The experiment to scan: <paramref name="configPath"/> itself, or its part <paramref name="part"/> when it is a study
    /// (the part's configuration after merging the study's defaults).
    /// </summary>
    /// <exception cref="ConfigException">The file is invalid, a study without <paramref name="part"/>, an experiment with it, or has no such part.</exception>
    private static ExperimentConfig LoadConfig(string configPath, string? part)
    {
        if (!RunCommand.IsStudyFile(configPath))
        {
            var config = ExperimentConfigLoader.Load(configPath); // a missing or invalid file says so first
            return part is null
                ? config
                : throw new ConfigException(configPath, [new ConfigError("$", $"--part {part}: this configuration is one experiment, and parts belong to studies (configurations with 'parts')")]);
        }

        var study = Study.FromFile(configPath);
        var names = string.Join(", ", study.Parts.Select(p => p.Name));
        if (part is null)
        {
            throw new ConfigException(configPath, [new ConfigError("$.parts", $"this is a study of several experiments; name the one to scan with --part NAME (its parts: {names})")]);
        }

        var found = study.Parts.FirstOrDefault(p => p.Name == part)
            ?? throw new ConfigException(configPath, [new ConfigError("$.parts", $"--part {part}: no such part; the study's parts are {names}")]);
        return ExperimentConfigLoader.Parse(found.Json, $"{configPath} (part '{part}')", Path.GetDirectoryName(Path.GetFullPath(configPath))!);
    }

    /// <summary>A table per dataset and architecture, the reasons for every rejected eta, the recommendation and the answer.</summary>
    private static void Print(LrScanResult result, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        console.Profile.Width = 160;
        var t = N(result.Target);
        foreach (var g in result.Groups)
        {
            var table = new Table { Title = new TableTitle($"{g.Dataset} {g.Architecture}: per learning rate (medians over initial conditions)") };
            table.AddColumns("eta", $"reached {t}", $"steps to {t}", "test acc", "Lambda", "kept", "sharp*eta/2", "regimes r/e/c/d", "verdict");
            foreach (var (r, v) in g.Rows.Zip(g.Recommendation.Verdicts))
            {
                table.AddRow(
                    N(r.Eta),
                    $"{r.Reached}/{r.InitialConditions}",
                    r.Learns ? N(r.TimeToTargetMedian) : "never",
                    N(r.FinalTestAccuracyMedian),
                    N(r.ExponentMedian),
                    double.IsNaN(r.KeptFraction) ? "n/a" : (100 * r.KeptFraction).ToString("0", CultureInfo.InvariantCulture) + "%",
                    N(r.EdgeRatioMedian),
                    r.Classified == 0 ? "n/a" : $"{r.Regular}/{r.EdgeOfStability}/{r.Chaotic}/{r.Divergent}",
                    Markup.Escape(v.Label));
            }

            console.Write(table);
            foreach (var v in g.Recommendation.Verdicts.Where(v => v.Rejected))
            {
                stdout.WriteLine($"  eta = {N(v.Eta)}: {v.Reason}");
            }

            stdout.WriteLine($"{g.Dataset} {g.Architecture}: {g.Recommendation.Summary}");
            stdout.WriteLine($"{g.Dataset} {g.Architecture}: {g.Answer.Sentence}");
        }
    }

    private static string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("g3", CultureInfo.InvariantCulture);
}
