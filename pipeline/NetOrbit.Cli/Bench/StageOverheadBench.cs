using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Cli.Commands;
using NetOrbit.Config;
using NetOrbit.Pipeline;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// <c>netorbit bench stages [CONFIG]</c>: what an experiment's analysis stages add to its run. The
/// experiment runs in-process as configured, without any stage (same data, network, recording and
/// seeds) and with each stage alone, interleaved, after one warm-up of each, so JIT compilation and
/// process start are not counted. CPU time is the whole process's (trainer, stages, writers, GC).
/// </summary>
internal static class StageOverheadBench
{
    /// <summary>One variant's timings over the repeats.</summary>
    internal sealed record Variant(string Name, List<double> CpuSeconds, List<double> WallSeconds)
    {
        public double CpuMedian => Median(CpuSeconds);

        public double WallMedian => Median(WallSeconds);

        public double CpuMin => CpuSeconds.Min();

        public double WallMin => WallSeconds.Min();
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Argument<string?>("config") { Arity = ArgumentArity.ZeroOrOne, Description = $"Experiment configuration (JSON); default: the built-in '{ExperimentBuilder.CompactExperimentName}' (samples/configs/{ExperimentBuilder.CompactExperimentName}.json)." };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs of each variant (median and best reported).", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Runs trained in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var plugins = new Option<string[]>("--plugin") { Description = "Assembly with extra analysis stages (repeatable).", DefaultValueFactory = _ => [] };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("stages", "Overhead of the experiment's analysis stages: the experiment without stages, with each stage alone and with all, interleaved, CPU and wall time.") { config, repeats, threads, plugins, json };
        c.SetAction((parse, ct) => ExecuteAsync(parse.GetValue(config), parse.GetValue(repeats), parse.GetValue(threads), parse.GetValue(plugins) ?? [], parse.GetValue(json), stdout, stderr, ct));
        return c;
    }

    internal static async Task<int> ExecuteAsync(string? configPath, int repeats, int threads, string[] plugins, bool asJson, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (repeats < 1 || threads < 1)
        {
            await stderr.WriteLineAsync("error: --repeats and --threads must be at least 1");
            return ExitCodes.BadInput;
        }

        string file = configPath ?? $"<built-in {ExperimentBuilder.CompactExperimentName}>";
        List<string> stageNames;
        try
        {
            stageNames = [.. (configPath is null ? RunCommand.WithPlugins(ExperimentBuilder.Compact(), plugins) : RunCommand.ReadExperiment(configPath, plugins)).Build().Stages.Select(s => s.Name)]; // validates
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

        if (stageNames.Count == 0)
        {
            await stderr.WriteLineAsync($"error: {file}: the experiment has no stages to measure");
            return ExitCodes.BadInput;
        }

        Experiment Variant(IEnumerable<string> keep, bool warmup)
        {
            var kept = keep.ToHashSet();
            return (configPath is null ? RunCommand.WithPlugins(ExperimentBuilder.Compact(), plugins) : RunCommand.ReadExperiment(configPath, plugins)).Configure(c =>
            {
                var stages = c["stages"]!.AsObject();
                foreach (var name in stages.Select(p => p.Key).Where(n => !kept.Contains(n)).ToList())
                {
                    stages.Remove(name);
                }

                if (warmup)
                {
                    c["steps"] = Math.Min(c["steps"]?.GetValue<int>() ?? 1000, 300);
                }
            }).Build();
        }

        var variants = new List<(string Name, string[] Stages)> { ("no stages", []) };
        if (stageNames.Count > 1)
        {
            variants.AddRange(stageNames.Select(s => ($"{s} alone", new[] { s })));
        }

        variants.Add(stageNames.Count > 1 ? ("all stages", [.. stageNames]) : (stageNames[0], [.. stageNames]));

        var results = variants.Select(v => new Variant(v.Name, [], [])).ToList();
        // Each variant is built once (config, plugins, datasets) and run repeatedly: an experiment's
        // stages keep their state per run, so one Experiment can run any number of times.
        var timed = variants.Select(v => Variant(v.Stages, warmup: false)).ToList();
        var first = timed[0];
        if (!asJson)
        {
            await stdout.WriteLineAsync($"{first.Config.Name}: {first.Runs.Count} runs x {first.Runs[0].Members} members x {first.Runs[0].Steps} steps, {threads} thread(s), {repeats} repeats after a warm-up");
        }

        foreach (var v in variants)
        {
            await TimeAsync(Variant(v.Stages, warmup: true), threads, ct);
        }

        for (var r = 0; r < repeats; r++)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                var (cpu, wall) = await TimeAsync(timed[i], threads, ct);
                results[i].CpuSeconds.Add(cpu);
                results[i].WallSeconds.Add(wall);
            }
        }

        var baseline = results[0];
        if (asJson)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(
                results.Select(v => new
                {
                    variant = v.Name,
                    cpu_seconds = v.CpuSeconds,
                    wall_seconds = v.WallSeconds,
                    cpu_median = v.CpuMedian,
                    wall_median = v.WallMedian,
                    cpu_overhead_median = (v.CpuMedian / baseline.CpuMedian) - 1,
                    wall_overhead_median = (v.WallMedian / baseline.WallMedian) - 1,
                    cpu_overhead_best = (v.CpuMin / baseline.CpuMin) - 1,
                    wall_overhead_best = (v.WallMin / baseline.WallMin) - 1,
                }),
                Commands.BenchCommand.Json));
            return ExitCodes.Ok;
        }

        await stdout.WriteLineAsync($"{"variant",-24} {"CPU s median (best)",22} {"wall s median (best)",22} {"CPU overhead",14} {"wall overhead",14}");
        foreach (var v in results)
        {
            var overhead = ReferenceEquals(v, baseline) ? ("", "") : (Percent(v.CpuMedian, baseline.CpuMedian, v.CpuMin, baseline.CpuMin), Percent(v.WallMedian, baseline.WallMedian, v.WallMin, baseline.WallMin));
            await stdout.WriteLineAsync($"{v.Name,-24} {$"{v.CpuMedian:F3} ({v.CpuMin:F3})",22} {$"{v.WallMedian:F3} ({v.WallMin:F3})",22} {overhead.Item1,14} {overhead.Item2,14}");
        }

        await stdout.WriteLineAsync("overhead: median against median (best against best)");
        return ExitCodes.Ok;
    }

    private static string Percent(double a, double b, double aBest, double bBest) => $"{100 * ((a / b) - 1),+5:+0.0;-0.0}% ({100 * ((aBest / bBest) - 1):+0;-0}%)";

    private static async Task<(double Cpu, double Wall)> TimeAsync(Experiment experiment, int threads, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "netorbit-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await experiment.RunAsync(dir, new ExperimentRunOptions { Threads = threads }, ct);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return ((process.TotalProcessorTime - cpu).TotalSeconds, wall);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
