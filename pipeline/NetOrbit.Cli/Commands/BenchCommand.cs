using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NetOrbit.Cli.Experiments;
using NetOrbit.Training;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit bench trainer|recording ...</c>: reproducible speed measurements.</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bench = new Command("bench", "Measure NetOrbit's speed on fixed workloads.");
        bench.Subcommands.Add(Trainer(stdout, stderr));
        bench.Subcommands.Add(Recording(stdout, stderr));
        return bench;
    }

    private static Command Trainer(TextWriter stdout, TextWriter stderr)
    {
        var workloads = new Option<string[]>("--workload") { Description = $"Workloads (repeatable; default all): {string.Join(", ", TrainerBenchmark.Workloads.Select(w => w.Name))}.", DefaultValueFactory = _ => [] };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts (repeatable; default 1 and all cores).", DefaultValueFactory = _ => [] };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per repeat.", DefaultValueFactory = _ => 1.0 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (the best is reported).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("trainer", "Network-steps per second and GFLOP/s of the ensemble trainer (full-batch GD, 6 members in lock-step, recording off).") { workloads, threads, seconds, repeats, json };
        c.SetAction(parse =>
        {
            var options = new TrainerBenchmarkOptions
            {
                Workloads = parse.GetValue(workloads) ?? [],
                Seconds = parse.GetValue(seconds),
                Repeats = parse.GetValue(repeats),
            };
            if (parse.GetValue(threads) is { Length: > 0 } t)
            {
                options = options with { Threads = t };
            }

            TrainerBenchmarkResult result;
            try
            {
                result = TrainerBenchmark.Run(options);
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Json));
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"trainer benchmark: {result.ProcessorCount} cores, {result.VectorBits}-bit vectors, {result.Runtime}");
            stdout.WriteLine($"{"workload",-22} {"members",7} {"threads",7} {"network-steps/s",16} {"GFLOP/s",8}");
            foreach (var m in result.Measurements)
            {
                stdout.WriteLine($"{m.Workload,-22} {m.Members,7} {m.Threads,7} {m.NetworkStepsPerSecond,16:N0} {m.GigaFlopsPerSecond,8:F1}");
            }

            stdout.WriteLine($"FLOP count: {result.FlopFormula}");
            return ExitCodes.Ok;
        });
        return c;
    }

    private static Command Recording(TextWriter stdout, TextWriter stderr)
    {
        var steps = new Option<int>("--steps") { Description = "Steps per run.", DefaultValueFactory = _ => 2000 };
        var runs = new Option<int>("--runs") { Description = "Initial conditions (runs).", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("recording", "End-to-end run of Iris 4-10-3 ensembles (6 members) recording every snapshot of every member: snapshots/s and MB/s written, against the same run with recording off.") { steps, runs, threads, json };
        c.SetAction(async (parse, ct) =>
        {
            var result = new Dictionary<string, object>();
            foreach (var mode in new[] { "warmup", "summaries", "snapshots" })
            {
                var config = $$"""
                    { "name": "bench-recording", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [1],
                      "initial_conditions": { "count": {{parse.GetValue(runs)}} }, "perturbations": { "copies": 5, "epsilons": [1e-8] },
                      "steps": {{(mode == "warmup" ? 200 : parse.GetValue(steps))}}, "recording": { "mode": "{{(mode == "snapshots" ? "snapshots" : "summaries")}}", "every": 1 } }
                    """;
                var plan = ExperimentPlan.Create(config, "<bench>", ".", BuiltInStages.CreateCatalog());
                var dir = Path.Combine(Path.GetTempPath(), "netorbit-bench-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var clock = Stopwatch.StartNew();
                    await ExperimentRunner.RunAsync(plan, dir, parse.GetValue(threads), new RunProgress(0, 0), ct);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var bytes = Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                    var snapshots = plan.Runs.Sum(r => (long)r.Members * (r.Steps + 1));
                    if (mode == "warmup")
                    {
                        continue;
                    }

                    result[mode] = new { seconds, snapshots, snapshots_per_second = snapshots / seconds, megabytes = bytes / 1e6, megabytes_per_second = bytes / 1e6 / seconds };
                    if (!parse.GetValue(json))
                    {
                        stdout.WriteLine(mode == "snapshots"
                            ? $"recording all members every step: {snapshots:N0} snapshots in {seconds:F2} s = {snapshots / seconds:N0} snapshots/s, {bytes / 1e6:F1} MB written = {bytes / 1e6 / seconds:F0} MB/s"
                            : $"recording off: {snapshots:N0} network-steps in {seconds:F2} s = {snapshots / seconds:N0} network-steps/s");
                    }
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Json));
            }

            return ExitCodes.Ok;
        });
        return c;
    }
}
