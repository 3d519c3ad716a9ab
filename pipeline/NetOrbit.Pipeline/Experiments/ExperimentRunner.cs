using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Datasets;
using NetOrbit.Numerics;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// Runs an experiment plan into a run directory: datasets, the Dataflow graph (trainers, fan-out,
/// trajectory sink, stages), <c>runs.arrow</c> and <c>manifest.json</c>.
/// </summary>
internal static class ExperimentRunner
{
    public static async Task<IReadOnlyList<RunResult>> RunAsync(ExperimentPlan plan, string outDir, int threads, RunProgress progress, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        PrepareDirectory(outDir, plan);

        foreach (var d in plan.Datasets)
        {
            await DatasetTable.WriteAsync(d, plan.Standardized.Contains(d.Name), Path.Combine(outDir, "datasets", d.Name + ".arrow"), plan.Config.Compression, cancellationToken).ConfigureAwait(false);
        }

        var consumers = new List<IRunConsumer>();
        var collector = new ResultCollector();
        var grid = SnapshotGrid.Of(plan);
        var memberDistances = plan.Stages.Any(s => s.UsesMemberDistances);
        try
        {
            if (plan.Config.Recording.WritesSnapshots)
            {
                consumers.Add(new TrajectorySink(outDir, plan.Config.Recording, plan.Config.Compression));
            }

            var stageContext = new StageContext(outDir, threads, cancellationToken);
            foreach (var stage in plan.Stages)
            {
                consumers.Add(new StageConsumer(stage, stageContext, run => new RunContext(plan.Dataset(run.Dataset), EnsembleRun.CreateModel(plan, run), outDir), outDir, plan.Config.Compression));
            }

            consumers.Add(collector);
        }
        catch
        {
            foreach (var c in consumers)
            {
                await c.AbortAsync().ConfigureAwait(false);
            }

            throw;
        }

        string status = "ok";
        string? error = null;
        try
        {
            await ExperimentGraph.RunAsync(
                plan.Runs,
                (run, ct) => EnsembleRun.TrainAsync(plan, run, grid, memberDistances, progress, ct),
                consumers,
                threads,
                cancellationToken).ConfigureAwait(false);
            await ArrowTableFile.WriteAsync(Path.Combine(outDir, "runs.arrow"), RunsTable.Definition.Schema, [RunsTable.Build(collector.Results)], plan.Config.Compression, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        catch (Exception e)
        {
            status = "failed";
            error = e.Message;
            throw;
        }
        finally
        {
            WriteManifest(outDir, plan, collector.Results, threads, started, clock.Elapsed.TotalSeconds, status, error);
        }

        return collector.Results;
    }

    private static void PrepareDirectory(string outDir, ExperimentPlan plan)
    {
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            if (!File.Exists(Path.Combine(outDir, "manifest.json")))
            {
                throw new IOException($"{outDir}: the folder is not empty and is not a NetOrbit run directory (no manifest.json); choose another --out");
            }

            // Replace the previous run's outputs so no stale file survives.
            foreach (var entry in Directory.EnumerateFileSystemEntries(outDir))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        Directory.CreateDirectory(outDir);
        Directory.CreateDirectory(Path.Combine(outDir, "datasets"));
        if (plan.Config.Recording.WritesSnapshots)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "trajectories"));
        }
    }

    private static void WriteManifest(string outDir, ExperimentPlan plan, IReadOnlyList<RunResult> results, int threads, DateTime started, double seconds, string status, string? error)
    {
        var byIndex = results.ToDictionary(r => r.Run.Index);
        var manifest = new JsonObject
        {
            ["netorbit"] = NetOrbitInfo.Version,
            ["experiment"] = plan.Config.Name,
            ["status"] = status,
            ["error"] = error,
            ["started_utc"] = started.ToString("O"),
            ["wall_seconds"] = seconds,
            ["threads"] = threads,
            ["runtime"] = new JsonObject
            {
                ["dotnet"] = Environment.Version.ToString(),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["apache_arrow"] = typeof(Apache.Arrow.RecordBatch).Assembly.GetName().Version?.ToString(),
                ["mathnet_numerics"] = typeof(MathNet.Numerics.Control).Assembly.GetName().Version?.ToString(),
            },
            ["config"] = JsonNode.Parse(plan.Config.ResolvedJson),
            ["stages"] = new JsonArray([.. plan.Stages.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["snapshot_interval"] = s.SnapshotInterval,
                ["tables"] = new JsonArray([.. s.Tables.Select(t => (JsonNode)(t.Name + ".arrow"))]),
            })]),
            ["runs"] = new JsonArray([.. plan.Runs.Select(r => (JsonNode)new JsonObject
            {
                ["run_id"] = r.RunId,
                ["init_seed"] = r.InitSeed,
                ["perturbation_seed"] = r.PerturbationSeed,
                ["status"] = byIndex.TryGetValue(r.Index, out var res) ? res.Status.ToString().ToLowerInvariant() : "not_run",
                ["diverged_step"] = byIndex.TryGetValue(r.Index, out var res2) ? res2.FirstDivergedStep : null,
                ["wall_seconds"] = byIndex.TryGetValue(r.Index, out var res3) ? res3.WallSeconds : null,
            })]),
        };
        var path = Path.Combine(outDir, "manifest.json");
        File.WriteAllText(path + ".tmp", manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
