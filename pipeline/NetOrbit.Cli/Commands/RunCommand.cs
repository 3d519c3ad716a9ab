using System.CommandLine;
using System.Diagnostics;
using NetOrbit.Pipeline;
using NetOrbit.Config;
using NetOrbit.Datasets;
using NetOrbit.Running;
using NetOrbit.Stages;
using Spectre.Console;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit run [CONFIG] [--out DIR] [--threads N] [--quiet] [--plugin DLL] [--shard I/N] [--resume] [--no-report] [--preset NAME] [--part NAME]</c>: one experiment, or a study of several (the built-in default is a study).</summary>
internal static class RunCommand
{
    /// <summary>Name of the built-in default experiment.</summary>
    public const string DefaultExperiment = ExperimentBuilder.DefaultExperimentName;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Argument<string?>("config") { Arity = ArgumentArity.ZeroOrOne, Description = $"Experiment configuration (JSON). Without it, the built-in '{DefaultExperiment}' experiment runs." };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default runs/<experiment name>)." };
        var threads = new Option<int>("--threads") { Description = "Runs trained in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary line." };
        var plugins = new Option<string[]>("--plugin") { Description = "Assembly with extra analysis stages (repeatable).", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var shard = new Option<string?>("--shard") { Description = ShardOption.Help };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run directory of the same configuration (and shard): completed runs are kept, the rest trained. A missing or empty directory starts afresh; a complete one is left as it is." };
        var preset = new Option<string?>("--preset") { Description = $"A study's preset: 'quick' runs the built-in '{DefaultExperiment}' study at a small scale in seconds (a study file may define others)." };
        var part = new Option<string?>("--part") { Description = "Run only this part of a study, as one experiment (into DIR, default runs/<study>.<part>; --shard and --resume work as for any experiment)." };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write the report (RUN_DIR/report; shards never do: run netorbit report after the merge)." };
        var command = new Command("run", "Train the experiment's network ensembles, write the run directory and its report.") { config, outDir, threads, quiet, plugins, shard, resume, noReport, preset, part };
        command.SetAction((parse, ct) => ExecuteAsync(parse.GetValue(config), parse.GetValue(outDir), parse.GetValue(threads), parse.GetValue(quiet), parse.GetValue(plugins) ?? [], stdout, stderr, ct, parse.GetValue(shard), parse.GetValue(resume), report: !parse.GetValue(noReport), preset: parse.GetValue(preset), part: parse.GetValue(part)));
        return command;
    }

    internal static async Task<int> ExecuteAsync(string? configPath, string? outDir, int threads, bool quiet, string[] plugins, TextWriter stdout, TextWriter stderr, CancellationToken ct, string? shardSpec = null, bool resume = false, bool report = false, string? preset = null, string? part = null)
    {
        if (threads < 1)
        {
            await stderr.WriteLineAsync($"error: --threads must be at least 1 (got {threads})");
            return ExitCodes.BadInput;
        }

        ExperimentShard? shard = null;
        if (shardSpec is not null)
        {
            shard = ShardOption.Resolve(shardSpec, Environment.GetEnvironmentVariables(), out var problem);
            if (shard is null)
            {
                await stderr.WriteLineAsync($"error: {problem}");
                return ExitCodes.BadInput;
            }
        }

        var isStudy = configPath is null || IsStudyFile(configPath);
        if (isStudy && part is null)
        {
            return await RunStudyAsync(configPath, preset, outDir, threads, quiet, plugins, stdout, stderr, ct, shard, resume, report);
        }

        if (!isStudy && (preset is not null || part is not null))
        {
            await stderr.WriteLineAsync($"error: {configPath}: {(preset is not null ? "--preset " + preset : "--part " + part)}: this configuration is one experiment, and {(preset is not null ? "presets" : "parts")} belong to studies (configurations with 'parts', such as the built-in '{DefaultExperiment}')");
            return ExitCodes.BadInput;
        }

        Experiment experiment;
        try
        {
            experiment = isStudy ? StudyPart(configPath, preset, part!, plugins).Build() : ReadExperiment(configPath!, plugins).Build();
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

        var dirOut = outDir ?? Path.Combine("runs", shard is null ? experiment.Name : $"{experiment.Name}-shard-{shard.Index}-of-{shard.Count}");
        var (_, shardRuns) = shard?.Range(experiment.Runs.Count) ?? (0, experiment.Runs.Count);
        if (shardRuns == 0)
        {
            await stderr.WriteLineAsync($"error: {configPath ?? $"<built-in {DefaultExperiment}>"}: --shard {shard}: the grid has only {experiment.Runs.Count} runs, so this shard would hold none; use at most {experiment.Runs.Count} shards");
            return ExitCodes.BadInput;
        }

        var (code, _) = await RunExperimentAsync(experiment, dirOut, shard, threads, quiet, resume, stdout, stderr, ct, label: "experiment");
        // The report of a whole run (a shard's comes after the merge).
        return code == ExitCodes.Ok && report && shard is null ? ReportCommand.Execute(dirOut, null, quiet ? TextWriter.Null : stdout, stderr, ct) : code;
    }

    /// <summary>One part of the study <paramref name="configPath"/> (the built-in default when null) as an experiment builder with <paramref name="plugins"/> loaded.</summary>
    /// <exception cref="ConfigException">The study is invalid, or has no part <paramref name="part"/>.</exception>
    private static ExperimentBuilder StudyPart(string? configPath, string? preset, string part, string[] plugins)
    {
        var study = configPath is null ? Study.Default(preset) : Study.FromFile(configPath, preset);
        var found = study.Parts.FirstOrDefault(p => p.Name == part)
            ?? throw new ConfigException(configPath ?? $"<built-in {DefaultExperiment}>", [new Config.ConfigError("$.parts", $"--part {part}: no such part; the study's parts are {string.Join(", ", study.Parts.Select(p => p.Name))}")]);
        return WithPlugins(found.Builder, plugins);
    }

    private static IEnumerable<string> StudyPartNames(string? configPath)
    {
        try
        {
            return (configPath is null ? Study.Default() : Study.FromFile(configPath)).Parts.Select(p => p.Name);
        }
        catch (ConfigException)
        {
            return ["(the study is invalid)"];
        }
    }

    /// <summary>True when the file holds a study (a configuration with 'parts'); false when it is one experiment or unreadable (the experiment reader then says why).</summary>
    internal static bool IsStudyFile(string path)
    {
        try
        {
            return Study.IsStudy(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs every part of a study into DIR/&lt;part&gt;/, one after another (each part resumable on its
    /// own), then writes DIR/study.json and the study's report.
    /// </summary>
    private static async Task<int> RunStudyAsync(string? configPath, string? preset, string? outDir, int threads, bool quiet, string[] plugins, TextWriter stdout, TextWriter stderr, CancellationToken ct, ExperimentShard? shard, bool resume, bool report)
    {
        var source = configPath ?? $"<built-in {DefaultExperiment}>";
        if (shard is not null)
        {
            await stderr.WriteLineAsync($"error: {source}: --shard works on one experiment, and this is a study of several parts; shard one part with --part NAME --shard I/N (its parts: {string.Join(", ", StudyPartNames(configPath))})");
            return ExitCodes.BadInput;
        }

        Study study;
        var experiments = new List<Experiment>();
        try
        {
            study = configPath is null ? Study.Default(preset) : Study.FromFile(configPath, preset);
            // Every part is validated (and its data loaded) before any trains.
            foreach (var part in study.Parts)
            {
                experiments.Add(WithPlugins(part.Builder, plugins).Build());
            }
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

        var dirOut = outDir ?? Path.Combine("runs", study.Name);
        var clock = Stopwatch.StartNew();
        if (!quiet)
        {
            var presetText = preset is null ? "" : $" (preset '{preset}')";
            await stdout.WriteLineAsync($"netorbit {NetOrbitInfo.Version}: study '{study.Name}'{presetText}: {study.Parts.Count} parts, {experiments.Sum(e => e.Runs.Count)} runs, {experiments.Sum(e => e.TotalNetworkSteps):N0} network-steps, {threads} thread(s) -> {dirOut}");
        }

        Directory.CreateDirectory(dirOut);
        // An earlier study.json would say the directory is complete while its parts are rewritten.
        File.Delete(Path.Combine(dirOut, Study.ManifestFile));
        // Two parts train at a time over one pool of `threads` training slots, so the cores one part leaves idle (its
        // last runs, its closing analyses) train the next part's runs; values do not depend on it. A failing part
        // cancels the other; a part that never started (the study was cancelled first) counts as cancelled.
        var outcomes = Enumerable.Repeat<(int Code, ExperimentResult? Result)>((ExitCodes.Cancelled, null), experiments.Count).ToArray();
        var progress = experiments.Select(e => new LatestProgress(new ExperimentProgress(0, e.TotalNetworkSteps, 0, e.Runs.Count))).ToArray();
        using var slots = new SemaphoreSlim(threads, threads);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Under a live progress bar the parts' lines go through Spectre, which prints them above the bar.
        var live = !quiet && IsLiveConsole(stdout);
        var console = TextWriter.Synchronized(live ? new LiveConsoleWriter() : stdout);
        var errors = TextWriter.Synchronized(stderr);
        var next = -1;
        var started = 0;
        async Task Lane()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < experiments.Count && !stop.IsCancellationRequested)
            {
                var part = study.Parts[i];
                Interlocked.Increment(ref started);
                try
                {
                    outcomes[i] = await RunExperimentAsync(experiments[i], Path.Combine(dirOut, part.Name), null, threads, quiet, resume, console, errors, stop.Token, label: $"part {i + 1}/{experiments.Count} '{part.Name}'", progress[i], slots).ConfigureAwait(false);
                }
                catch
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }

                if (outcomes[i].Code != ExitCodes.Ok)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        var work = Task.WhenAll(Enumerable.Range(0, Math.Min(2, threads)).Select(_ => Task.Run(Lane, CancellationToken.None)));
        if (!quiet)
        {
            try
            {
                await ShowProgressAsync(work, () => Sum(progress), live ? stdout : console, ct);
            }
            catch
            {
                // The parts hold the slots and the token: stop them and let them finish before leaving.
                await stop.CancelAsync();
                await Task.WhenAny(work);
                throw;
            }
        }

        await work;
        // The first failure in part order, before any cancellation it caused.
        var codes = outcomes.Select(o => o.Code).ToList();
        var failed = codes.FirstOrDefault(c => c is not ExitCodes.Ok and not ExitCodes.Cancelled, codes.FirstOrDefault(c => c != ExitCodes.Ok));
        if (failed != ExitCodes.Ok)
        {
            if (Volatile.Read(ref started) == 0)
            {
                // Each part that ran said how it ended; here none did.
                await stderr.WriteLineAsync($"cancelled: study '{study.Name}' stopped before any part started; nothing was trained into {dirOut}");
            }

            return failed;
        }

        var results = outcomes.Select(o => o.Result!).ToList();
        study.WriteManifest(dirOut, results);
        await stdout.WriteLineAsync($"done: study '{study.Name}', {results.Sum(r => r.RunCount)} runs in {study.Parts.Count} parts ({results.Sum(r => r.Diverged)} with diverged members) in {clock.Elapsed.TotalSeconds:F1} s -> {dirOut}");
        return report ? ReportCommand.Execute(dirOut, null, quiet ? TextWriter.Null : stdout, stderr, ct) : ExitCodes.Ok;
    }

    /// <summary>
    /// Trains one experiment (or a shard of it) into <paramref name="dirOut"/>; the exit code and, on success, the result.
    /// Alone it shows its own progress; a study's part reports into <paramref name="partProgress"/> and trains in
    /// the study's <paramref name="slots"/>.
    /// </summary>
    private static async Task<(int Code, ExperimentResult? Result)> RunExperimentAsync(Experiment experiment, string dirOut, ExperimentShard? shard, int threads, bool quiet, bool resume, TextWriter stdout, TextWriter stderr, CancellationToken ct, string label, LatestProgress? partProgress = null, SemaphoreSlim? slots = null)
    {
        var (_, shardRuns) = shard?.Range(experiment.Runs.Count) ?? (0, experiment.Runs.Count);
        var progress = partProgress ?? new LatestProgress(new ExperimentProgress(0, experiment.TotalNetworkSteps, 0, experiment.Runs.Count));
        var clock = Stopwatch.StartNew();
        if (!quiet)
        {
            var part = shard is null ? "" : $" shard {shard} ({shardRuns} of {experiment.Runs.Count} runs)";
            await stdout.WriteLineAsync($"netorbit {NetOrbitInfo.Version}: {label} '{experiment.Name}'{part}: {experiment.Runs.Count} runs, {experiment.TotalNetworkSteps:N0} network-steps, {threads} thread(s) -> {dirOut}");
        }

        try
        {
            var work = experiment.RunAsync(dirOut, new ExperimentRunOptions { Threads = threads, Progress = quiet ? null : progress, Shard = shard, Resume = resume, KeepRunResults = false, SharedSlots = slots }, ct);
            if (!quiet && partProgress is null)
            {
                await ShowProgressAsync(work, () => progress.Value, stdout, ct);
            }

            var result = await work;
            var rate = result.NetworkSteps / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            var keptText = result.KeptRuns > 0 ? $", {result.KeptRuns} kept from the interrupted run" : "";
            keptText += result.ReplayedReferences > 0 ? $", {result.ReplayedReferences} replaying the reference of a run with another eps" : "";
            keptText += result.CoincidentNetworkSteps > 0 ? $", {result.CoincidentNetworkSteps:N0} network-steps of copies that coincide with their reference" : "";
            if (!quiet || label == "experiment")
            {
                await stdout.WriteLineAsync($"done: {result.RunCount} runs ({result.Diverged} with diverged members{keptText}) in {clock.Elapsed.TotalSeconds:F1} s, {rate:N0} network-steps/s -> {dirOut}");
            }

            return (ExitCodes.Ok, result);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"cancelled: completed runs are in {dirOut}; incomplete files were removed");
            return (ExitCodes.Cancelled, null);
        }
        catch (InputFileException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return (ExitCodes.BadInput, null);
        }
        catch (Exception e) when (e is StageFailedException or IOException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return (ExitCodes.Failed, null);
        }
    }

    /// <summary>
    /// The experiment builder for <paramref name="configPath"/> (the built-in default when null) with
    /// <paramref name="plugins"/> loaded.
    /// </summary>
    internal static ExperimentBuilder ReadExperiment(string configPath, string[] plugins) => WithPlugins(ExperimentBuilder.FromFile(configPath), plugins);

    /// <summary><paramref name="builder"/> with <paramref name="plugins"/> loaded.</summary>
    internal static ExperimentBuilder WithPlugins(ExperimentBuilder builder, string[] plugins)
    {
        foreach (var p in plugins)
        {
            builder.LoadPlugin(p);
        }

        return builder;
    }

    /// <summary>One line for an invalid configuration: its first problem, then how many more and which.</summary>
    internal static string Describe(ConfigException e) =>
        $"error: {e.File}: {e.Errors[0]}" + (e.Errors.Count > 1 ? $" (and {e.Errors.Count - 1} more: {string.Join("; ", e.Errors.Skip(1))})" : "");

    /// <summary>The progress of a study's parts together.</summary>
    private static ExperimentProgress Sum(LatestProgress[] parts)
    {
        var values = parts.Select(p => p.Value).ToList();
        return new ExperimentProgress(values.Sum(v => v.NetworkSteps), values.Sum(v => v.TotalNetworkSteps), values.Sum(v => v.Runs), values.Sum(v => v.TotalRuns)) { KeptNetworkSteps = values.Sum(v => v.KeptNetworkSteps) };
    }

    /// <summary>
    /// Shows <paramref name="latest"/> until <paramref name="work"/> completes: a live bar on an interactive console,
    /// otherwise a line every 5 s.
    /// </summary>
    internal static async Task ShowProgressAsync(Task work, Func<ExperimentProgress> latest, TextWriter stdout, CancellationToken ct)
    {
        if (IsLiveConsole(stdout))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: Math.Max(1, latest().TotalNetworkSteps));
                    var clock = Stopwatch.StartNew();
                    while (!work.IsCompleted)
                    {
                        await Task.WhenAny(work, Task.Delay(200, CancellationToken.None));
                        var now = latest();
                        task.Value = now.NetworkSteps;
                        var rate = (now.NetworkSteps - now.KeptNetworkSteps) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                        task.Description = $"runs {now.Runs}/{now.TotalRuns}, {rate:N0} steps/s";
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
                var now = latest();
                var rate = (now.NetworkSteps - now.KeptNetworkSteps) / Math.Max(1e-9, total.Elapsed.TotalSeconds);
                var left = rate > 0 ? (now.TotalNetworkSteps - now.NetworkSteps) / rate : double.NaN;
                await stdout.WriteLineAsync($"progress: runs {now.Runs}/{now.TotalRuns}, {100.0 * now.NetworkSteps / Math.Max(1, now.TotalNetworkSteps):F1}% of steps, {rate:N0} network-steps/s, about {left:F0} s left");
            }
        }
    }

    /// <summary>True when <paramref name="stdout"/> is an interactive terminal, where progress is a live bar.</summary>
    private static bool IsLiveConsole(TextWriter stdout) =>
        !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Lines written through Spectre.Console, so that they appear above a live progress bar instead of through it.</summary>
    private sealed class LiveConsoleWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => Console.OutputEncoding;

        public override void Write(char value) => AnsiConsole.Write(new Text(value.ToString()));

        public override void WriteLine(string? value) => AnsiConsole.WriteLine(value ?? string.Empty);
    }

    /// <summary>Keeps the latest progress report for the console to poll.</summary>
    internal sealed class LatestProgress(ExperimentProgress initial) : IProgress<ExperimentProgress>
    {
        private ExperimentProgress _value = initial;
        private readonly Lock _lock = new();

        public ExperimentProgress Value
        {
            get
            {
                lock (_lock)
                {
                    return _value;
                }
            }
        }

        public void Report(ExperimentProgress value)
        {
            lock (_lock)
            {
                // Reports from several trainer threads may arrive out of order; keep the furthest.
                if (value.NetworkSteps >= _value.NetworkSteps)
                {
                    _value = value;
                }
            }
        }
    }
}
