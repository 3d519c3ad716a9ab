using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NetOrbit.Cli.Bench;
using NetOrbit.Training;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit bench trainer|recording|rqa|lyapunov|graph|stages ...</c>: reproducible speed measurements.</summary>
internal static class BenchCommand
{
    /// <summary>How every bench command prints JSON.</summary>
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bench = new Command("bench", "Measure NetOrbit's speed on fixed workloads.");
        bench.Subcommands.Add(Trainer(stdout, stderr));
        bench.Subcommands.Add(RecordingBench.Create(stdout, stderr));
        bench.Subcommands.Add(Rqa(stdout, stderr));
        bench.Subcommands.Add(LyapunovCost(stdout));
        bench.Subcommands.Add(GraphCost(stdout));
        bench.Subcommands.Add(StageOverheadBench.Create(stdout, stderr));
        return bench;
    }

    private static Command Rqa(TextWriter stdout, TextWriter stderr)
    {
        var series = new Option<string?>("--series") { Description = "Roessler x series file (the cross-tool benchmark's series is samples/data/roessler_x.csv.gz in the repository); default: integrated here with the benchmark's parameters." };
        var samples = new Option<int>("--samples") { Description = "First N samples of the Roessler series.", DefaultValueFactory = _ => 100_237 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (best and median reported).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("rqa", "Recurrence analysis speed: Marwan's RP speed test (Roessler x, m = 3, delay 6, eps 1.2, N = 100,237) and 10,000 snapshots of an 83-parameter trajectory (L1 norm), next to published times.") { series, samples, repeats, json };
        c.SetAction(parse =>
        {
            RecurrenceBenchmarkResult result;
            try
            {
                result = RecurrenceBenchmarks.Run(new RecurrenceBenchmarkOptions
                {
                    RoesslerSeriesPath = parse.GetValue(series),
                    RoesslerSamples = parse.GetValue(samples),
                    Repeats = parse.GetValue(repeats),
                });
            }
            catch (Exception e) when (e is ArgumentException or IOException or InputFileException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Json));
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"rqa benchmark: {result.ProcessorCount} cores, {result.Threads} threads, {result.Runtime}");
            foreach (var m in result.Measurements)
            {
                stdout.WriteLine($"{m.Workload}: {m.Description}");
                stdout.WriteLine($"  best {m.BestSeconds:F3} s, median {m.MedianSeconds:F3} s (target {m.TargetSeconds} s); RR {m.RR:R}, DET {m.DET:R}, LAM {m.LAM:R}");
                foreach (var (tool, seconds) in m.PublishedSeconds)
                {
                    stdout.WriteLine($"  published: {tool}: {seconds} s");
                }
            }

            return ExitCodes.Ok;
        });
        return c;
    }

    private static Command LyapunovCost(TextWriter stdout)
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("lyapunov", "Cost of the Lyapunov stage on Iris 4-10-3 (P = 83): QR spectrum with k = 1, 10, 83, sharpness, window fit, in-stream distances.") { seconds, json };
        c.SetAction(parse =>
        {
            var iris = NetOrbit.Datasets.DatasetCatalog.FromJson("""{ "name": "iris", "source": "iris" }""").Load();
            var result = LyapunovBenchmark.Run(new LyapunovBenchmarkOptions { Model = new NetworkModel(MlpSpec.PaperIris), Split = iris.Train, Seconds = parse.GetValue(seconds) });
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Json));
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"{"measurement",-44} {"rate",14} {"per operation",16}");
            foreach (var m in result)
            {
                stdout.WriteLine($"{m.Name,-44} {m.PerSecond,10:N0} {m.Unit,-4}/s {m.Microseconds,12:N1} us");
            }

            return ExitCodes.Ok;
        });
        return c;
    }

    private static Command GraphCost(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var c = new Command("graph", "Cost of the graph-metrics stage per snapshot (Iris 4-10-3 and digits 64-32-10) against the trainer's network-step.") { json };
        c.SetAction(parse =>
        {
            var result = GraphBenchmark.Run(networkStepMicroseconds: TrainerStepMicroseconds, ablationModel: layout => new NetworkModel(new MlpSpec(layout.LayerSizes)));
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Json));
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"{"network",-10} {"every",5} {"stage us/snapshot",18} {"train us/step",14} {"overhead",9} {"ablation ms",12} {"ablation/run",13}");
            foreach (var r in result)
            {
                stdout.WriteLine($"{r.Architecture,-10} {r.Every,5} {r.StagePerSnapshotMicroseconds,18:F1} {r.TrainingStepMicroseconds,14:F2} {r.Overhead,9:P1} {r.AblationMilliseconds,12:F2} {r.AblationOverhead(),13:P1}");
            }

            stdout.WriteLine("overhead = stage time per snapshot / (every x one member's training step): the slow-down of a run at that sampling interval.");
            stdout.WriteLine("ablation/run = one ablation of the reference (once per run) / a run of 6 members x 1000 steps.");
            return ExitCodes.Ok;
        });
        return c;
    }

    /// <summary>The ensemble trainer's time per network-step (one member, one full-batch step) for a layout, measured here.</summary>
    private static double TrainerStepMicroseconds(Contracts.ParameterLayout layout, int rows)
    {
        var workload = new TrainerWorkload("graph-yardstick", new MlpSpec(layout.LayerSizes), rows, 6, 0.01);
        var trainer = TrainerBenchmark.CreateTrainer(workload, 1);
        var steps = Math.Max(20, 2_000_000 / (rows * layout.Count));
        for (var i = 0; i < steps / 4; i++)
        {
            trainer.Step(workload.Eta);
        }

        var best = double.MaxValue;
        for (var r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                trainer.Step(workload.Eta);
            }

            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / steps / workload.Members);
        }

        return best;
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
            stdout.WriteLine($"{"workload",-22} {"members",7} {"threads",7} {"network-steps/s",16} {"per CPU-second",15} {"GFLOP/s",8} {"of peak",8}");
            foreach (var m in result.Measurements)
            {
                var cpu = m.CpuNetworkStepsPerSecond is { } c ? c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
                var share = m.GigaFlopsPerSecond / (m.Threads * result.FmaPeakGigaFlopsPerThread);
                stdout.WriteLine($"{m.Workload,-22} {m.Members,7} {m.Threads,7} {m.NetworkStepsPerSecond,16:N0} {cpu,15} {m.GigaFlopsPerSecond,8:F1} {share,8:P0}");
            }

            stdout.WriteLine("network-steps/s is wall clock; per CPU-second counts only the CPU time the benchmark's threads got (they agree on an idle machine).");
            stdout.WriteLine($"peak: this machine's float64 FMA ceiling, measured now, is {result.FmaPeakGigaFlopsPerThread:F1} GFLOP/s per thread ({result.VectorBits}-bit vectors, 12 independent chains); 'of peak' is GFLOP/s over threads x that.");

            stdout.WriteLine($"FLOP count: {result.FlopFormula}");
            return ExitCodes.Ok;
        });
        return c;
    }
}
