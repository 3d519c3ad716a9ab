using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NetOrbit.Cli.Commands;
using NetOrbit.Pipeline;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// <c>netorbit bench recording</c>: end-to-end runs of Iris 4-10-3 ensembles through the public
/// experiment API, recording every snapshot of every member, against the same runs with recording
/// off (summaries only), after one short warm-up run.
/// </summary>
internal static class RecordingBench
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var steps = new Option<int>("--steps") { Description = "Steps per run.", DefaultValueFactory = _ => 2000 };
        var runs = new Option<int>("--runs") { Description = "Initial conditions (runs).", DefaultValueFactory = _ => 32 };
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
                var experiment = ExperimentBuilder.FromJson(config, "<bench>").Build();
                var dir = Path.Combine(Path.GetTempPath(), "netorbit-bench-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var clock = Stopwatch.StartNew();
                    await experiment.RunAsync(dir, new ExperimentRunOptions { Threads = parse.GetValue(threads) }, ct);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var bytes = Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                    var snapshots = experiment.Runs.Sum(r => (long)r.Members * (r.Steps + 1));
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
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(result, Commands.BenchCommand.Json));
            }

            return ExitCodes.Ok;
        });
        return c;
    }
}
