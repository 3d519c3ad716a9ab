using System.CommandLine;
using System.Diagnostics;
using NetOrbit.Cli.Experiments;
using NetOrbit.Config;
using NetOrbit.Datasets;
using NetOrbit.Running;
using NetOrbit.Stages;
using Spectre.Console;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit run [CONFIG] [--out DIR] [--threads N] [--quiet] [--plugin DLL]</c>.</summary>
internal static class RunCommand
{
    /// <summary>Name of the built-in default experiment.</summary>
    public const string DefaultExperiment = "paper-iris";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Argument<string?>("config") { Arity = ArgumentArity.ZeroOrOne, Description = $"Experiment configuration (JSON). Without it, the built-in '{DefaultExperiment}' experiment runs." };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default runs/<experiment name>)." };
        var threads = new Option<int>("--threads") { Description = "Runs trained in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary line." };
        var plugins = new Option<string[]>("--plugin") { Description = "Assembly with extra analysis stages (repeatable).", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var command = new Command("run", "Train the experiment's network ensembles and write the run directory.") { config, outDir, threads, quiet, plugins };
        command.SetAction((parse, ct) => ExecuteAsync(parse.GetValue(config), parse.GetValue(outDir), parse.GetValue(threads), parse.GetValue(quiet), parse.GetValue(plugins) ?? [], stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> ExecuteAsync(string? configPath, string? outDir, int threads, bool quiet, string[] plugins, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (threads < 1)
        {
            await stderr.WriteLineAsync($"error: --threads must be at least 1 (got {threads})");
            return ExitCodes.BadInput;
        }

        ExperimentPlan plan;
        try
        {
            var (json, file, dir, catalog) = ReadExperiment(configPath, plugins);
            plan = ExperimentPlan.Create(json, file, dir, catalog);
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync(Describe(e));
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InputFileException or PluginException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var dirOut = outDir ?? Path.Combine("runs", plan.Config.Name);
        var totalSteps = plan.Runs.Sum(r => (long)r.Members * r.Steps);
        var progress = new RunProgress(totalSteps, plan.Runs.Count);
        var clock = Stopwatch.StartNew();
        if (!quiet)
        {
            await stdout.WriteLineAsync($"netorbit {NetOrbitInfo.Version}: experiment '{plan.Config.Name}': {plan.Runs.Count} runs, {totalSteps:N0} network-steps, {threads} thread(s) -> {dirOut}");
        }

        try
        {
            var work = ExperimentRunner.RunAsync(plan, dirOut, threads, progress, ct);
            if (!quiet)
            {
                await ShowProgressAsync(work, progress, stdout, ct);
            }

            var results = await work;
            var diverged = results.Count(r => r.Status == Contracts.RunStatus.Diverged);
            var rate = progress.NetworkSteps / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            await stdout.WriteLineAsync($"done: {results.Count} runs ({diverged} with diverged members) in {clock.Elapsed.TotalSeconds:F1} s, {rate:N0} network-steps/s -> {dirOut}");
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"cancelled: completed runs are in {dirOut}; incomplete files were removed");
            return ExitCodes.Cancelled;
        }
        catch (StageFailedException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The experiment's JSON (the built-in default when <paramref name="configPath"/> is null), the
    /// name errors cite, the folder relative paths resolve against, and the stage catalog with
    /// <paramref name="plugins"/> loaded.
    /// </summary>
    internal static (string Json, string File, string Dir, StageCatalog Catalog) ReadExperiment(string? configPath, string[] plugins)
    {
        var catalog = BuiltInStages.CreateCatalog();
        foreach (var p in plugins)
        {
            catalog.LoadPlugin(p);
        }

        return configPath is null
            ? (DefaultConfigs.Read(DefaultExperiment), $"<built-in {DefaultExperiment}>", Directory.GetCurrentDirectory(), catalog)
            : (ReadConfig(configPath), configPath, Path.GetDirectoryName(Path.GetFullPath(configPath))!, catalog);
    }

    /// <summary>One line for an invalid configuration: its first problem, then how many more and which.</summary>
    internal static string Describe(ConfigException e) =>
        $"error: {e.File}: {e.Errors[0]}" + (e.Errors.Count > 1 ? $" (and {e.Errors.Count - 1} more: {string.Join("; ", e.Errors.Skip(1))})" : "");

    internal static string ReadConfig(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, [new ConfigError("$", $"cannot read the file: {e.Message}")]);
        }
    }

    private static async Task ShowProgressAsync(Task work, RunProgress progress, TextWriter stdout, CancellationToken ct)
    {
        if (!Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: Math.Max(1, progress.TotalNetworkSteps));
                    var clock = Stopwatch.StartNew();
                    while (!work.IsCompleted)
                    {
                        await Task.WhenAny(work, Task.Delay(200, CancellationToken.None));
                        task.Value = progress.NetworkSteps;
                        var rate = progress.NetworkSteps / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                        task.Description = $"runs {progress.Runs}/{progress.TotalRuns}, {rate:N0} steps/s";
                    }

                    task.Value = task.MaxValue;
                });
            return;
        }

        var last = Stopwatch.StartNew();
        var total = Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(250, CancellationToken.None));
            if (last.Elapsed.TotalSeconds >= 5 && !work.IsCompleted)
            {
                last.Restart();
                var done = progress.NetworkSteps;
                var rate = done / Math.Max(1e-9, total.Elapsed.TotalSeconds);
                var left = rate > 0 ? (progress.TotalNetworkSteps - done) / rate : double.NaN;
                await stdout.WriteLineAsync($"progress: runs {progress.Runs}/{progress.TotalRuns}, {100.0 * done / Math.Max(1, progress.TotalNetworkSteps):F1}% of steps, {rate:N0} network-steps/s, about {left:F0} s left");
            }
        }
    }
}
