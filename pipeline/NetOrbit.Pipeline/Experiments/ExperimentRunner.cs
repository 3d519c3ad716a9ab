using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
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
/// Runs an experiment plan (or one shard of it) into a run directory: datasets, the Dataflow graph
/// (trainers, fan-out, trajectory sink, stages, runs table), then the tables from their committed
/// parts, and <c>manifest.json</c>. While it runs, <c>.parts/</c> holds every per-run table in chunks
/// of runs, so an interrupted directory can be resumed.
/// </summary>
internal static class ExperimentRunner
{
    /// <summary>The identity of an unfinished run directory, kept in <c>.parts/run.json</c>.</summary>
    internal const string StateFile = "run.json";

    /// <summary>What a run wrote.</summary>
    internal sealed record Outcome(IReadOnlyList<RunResult> Results, int RunCount, int Diverged, int Kept, int ReplayedReferences = 0);

    public static async Task<Outcome> RunAsync(ExperimentPlan plan, string outDir, int threads, RunProgress progress, CancellationToken cancellationToken, ExperimentRunOptions? options = null)
    {
        options ??= new ExperimentRunOptions { Threads = threads };
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (first, count) = options.Shard?.Range(plan.Runs.Count) ?? (0, plan.Runs.Count);
        if (count == 0)
        {
            throw new ArgumentException($"shard {options.Shard} of a grid of {plan.Runs.Count} runs holds no run: use at most {plan.Runs.Count} shards", nameof(options));
        }

        var fingerprint = Fingerprint(plan);
        var parts = new RunParts(outDir, first, count, RunParts.ChooseChunkRuns(count));
        var state = new JsonObject
        {
            ["config_sha256"] = fingerprint,
            ["grid_runs"] = plan.Runs.Count,
            ["shard_index"] = options.Shard?.Index ?? 0,
            ["shard_count"] = options.Shard?.Count ?? 1,
            ["first_run"] = first,
            ["runs"] = count,
            ["chunk_runs"] = parts.ChunkRuns,
        };

        var kept = 0;
        if (options.Resume && ResumePoint(outDir, plan, parts, state, fingerprint) is { } resumeAt)
        {
            if (resumeAt < 0)
            {
                // Already complete: nothing to do.
                var runsFile = Path.Combine(outDir, "runs.arrow");
                var (n, diverged) = CountRuns(runsFile);
                progress.Keep(n, plan.NetworkSteps(first, n));
                return new Outcome([], n, diverged, n);
            }

            kept = resumeAt;
            if (kept > 0)
            {
                progress.Keep(kept, plan.NetworkSteps(first, kept));
            }
        }
        else
        {
            PrepareDirectory(outDir, plan);
            WriteJson(Path.Combine(parts.Folder, StateFile), state);
        }

        foreach (var d in plan.Datasets)
        {
            await DatasetTable.WriteAsync(d, plan.Standardized.Contains(d.Name), Path.Combine(outDir, "datasets", d.Name + ".arrow"), plan.Config.Compression, cancellationToken).ConfigureAwait(false);
        }

        var consumers = new List<IRunConsumer>();
        var stageConsumers = new List<StageConsumer>();
        var runsWriter = new RunsWriter(outDir, parts, plan.Config.Compression, options.KeepRunResults);
        var grid = SnapshotGrid.Of(plan);
        var memberDistances = plan.Stages.Any(s => s.UsesMemberDistances);
        RunInfo? RunById(string id) => plan.RunById(id);
        try
        {
            if (plan.Config.Recording.WritesSnapshots)
            {
                consumers.Add(new TrajectorySink(outDir, plan.Config.Recording, plan.Config.Compression, parts, kept, options.TrajectoryHeldBytes));
            }

            var stageContext = new StageContext(outDir, threads, cancellationToken);
            foreach (var stage in plan.Stages)
            {
                StageConsumer consumer;
                try
                {
                    consumer = new StageConsumer(stage, stageContext, run => new RunContext(plan.Dataset(run.Dataset), EnsembleRun.CreateModel(plan, run), outDir), outDir, plan.Config.Compression, RunById, parts, kept);
                }
                catch (InvalidOperationException e)
                {
                    // A stage that declares bad tables (a plugin's): the error names it.
                    throw new StageFailedException(stage.Name, e);
                }

                stageConsumers.Add(consumer);
                consumers.Add(consumer);
            }

            consumers.Add(runsWriter);
            if (stageConsumers.FirstOrDefault(c => c.CannotResume) is { } refused)
            {
                throw new InputFileException(outDir, $"cannot be resumed: stage '{refused.Name}' keeps state across runs and does not implement IStageSummary, so its experiment-level rows would miss the {kept} runs kept; run again without --resume");
            }
        }
        catch
        {
            foreach (var c in consumers)
            {
                await c.AbortAsync().ConfigureAwait(false);
            }

            throw;
        }

        WriteManifest(outDir, plan, options.Shard, state, stageConsumers, null, threads, started, clock.Elapsed.TotalSeconds, "running", null, kept);
        string status = "ok";
        string? error = null;
        var tracks = options.ShareReferences ? ReferenceTracks.For(plan, first + kept, count - kept) : null;
        try
        {
            await ExperimentGraph.RunAsync(
                new RunRange(plan.Runs, first + kept, count - kept),
                (run, ct) => EnsembleRun.TrainAsync(plan, run, grid, memberDistances, progress, tracks, ct),
                consumers,
                threads,
                cancellationToken,
                options.SharedSlots).ConfigureAwait(false);
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
            WriteManifest(outDir, plan, options.Shard, state, stageConsumers, status == "ok" ? runsWriter : null, threads, started, clock.Elapsed.TotalSeconds, status, error, kept);
        }

        // Every table is under its final name and the manifest says ok: the parts are no longer needed.
        parts.Delete();
        return new Outcome(runsWriter.Results, runsWriter.RunCount, runsWriter.Diverged, kept, tracks?.Replays ?? 0);
    }

    /// <summary>
    /// SHA-256 of what decides every value a run directory holds: the resolved configuration and
    /// the stages with their tables. Resume and merge compare it.
    /// </summary>
    internal static string Fingerprint(ExperimentPlan plan)
    {
        var text = new StringBuilder(plan.Config.ResolvedJson);
        foreach (var s in plan.Stages)
        {
            text.Append('\n').Append(s.Name).Append(':').Append(s.SnapshotInterval).Append(':').AppendJoin(',', s.Tables.Select(t => t.Name));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Where a resumed run continues: null to start afresh (no directory, or an empty one), -1 when the
    /// directory is already complete, else the number of leading runs kept. Cleans what is not kept.
    /// </summary>
    /// <exception cref="InputFileException">The directory belongs to another configuration or shard, or cannot be resumed.</exception>
    private static int? ResumePoint(string outDir, ExperimentPlan plan, RunParts parts, JsonObject expected, string fingerprint)
    {
        if (!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            return null;
        }

        var statePath = Path.Combine(parts.Folder, StateFile);
        var manifestPath = Path.Combine(outDir, "manifest.json");
        if (!File.Exists(statePath))
        {
            if (!File.Exists(manifestPath))
            {
                throw new InputFileException(outDir, "cannot be resumed: it is not a NetOrbit run directory (no manifest.json); choose another --out");
            }

            var manifest = ReadJson(manifestPath);
            var same = manifest["config_sha256"]?.GetValue<string>() == fingerprint
                && (manifest["shard"]?["index"]?.GetValue<int>() ?? 0) == expected["shard_index"]!.GetValue<int>()
                && (manifest["shard"]?["count"]?.GetValue<int>() ?? 1) == expected["shard_count"]!.GetValue<int>();
            if (!same)
            {
                throw new InputFileException(manifestPath, "cannot be resumed with this configuration: it was written by a different configuration or shard; resume with the same CONFIG and --shard, or choose another --out");
            }

            if (manifest["status"]?.GetValue<string>() == "ok" && File.Exists(Path.Combine(outDir, "runs.arrow")))
            {
                return -1;
            }

            throw new InputFileException(manifestPath, $"cannot be resumed: status '{manifest["status"]}' and no .parts/{StateFile} (written by an older NetOrbit?); run again without --resume");
        }

        var state = ReadJson(statePath);
        foreach (var (key, value) in expected)
        {
            if (!JsonNode.DeepEquals(state[key], value))
            {
                var what = key == "config_sha256" ? "configuration" : key.StartsWith("shard", StringComparison.Ordinal) || key is "first_run" or "runs" ? "shard" : key;
                throw new InputFileException(statePath, $"cannot be resumed with this {what}: the run directory was started with {key} = {state[key]?.ToJsonString() ?? "nothing"}, this run has {value?.ToJsonString()}; resume with the same CONFIG and --shard, or choose another --out");
            }
        }

        // The chunks committed in every per-run table are kept, and only those whose trajectory part
        // files are committed too.
        List<string> tables = [RunsWriter.Table, .. plan.Stages.SelectMany(s => s.Tables).Select(t => t.Name)];
        var chunks = tables.Min(parts.CommittedChunks);
        var trajectories = Path.Combine(outDir, TrajectoryFolder.Name);
        if (plan.Config.Recording.WritesSnapshots)
        {
            var c = 0;
            while (c < chunks && TrajectoryPartWriter.IsCommitted(trajectories, parts, c))
            {
                c++;
            }

            chunks = c;
            TrajectoryPartWriter.DeleteFrom(trajectories, parts, Math.Min(chunks * parts.ChunkRuns, parts.RunCount));
            var spills = Path.Combine(parts.Folder, TrajectoryFolder.Name);
            if (Directory.Exists(spills))
            {
                Directory.Delete(spills, recursive: true);
            }
        }

        foreach (var t in tables)
        {
            parts.DeleteFrom(t, chunks);
        }

        foreach (var tmp in Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(tmp);
        }

        Directory.CreateDirectory(Path.Combine(outDir, "datasets"));
        if (plan.Config.Recording.WritesSnapshots)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "trajectories"));
        }

        return Math.Min(chunks * parts.ChunkRuns, parts.RunCount);
    }

    private static (int Runs, int Diverged) CountRuns(string runsFile)
    {
        int n = 0, diverged = 0;
        foreach (var batch in RunParts.ReadFile(runsFile))
        {
            var status = (Apache.Arrow.StringArray)batch.Column("status");
            for (var i = 0; i < batch.Length; i++)
            {
                diverged += status.GetString(i) == "diverged" ? 1 : 0;
            }

            n += batch.Length;
        }

        return (n, diverged);
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
        Directory.CreateDirectory(Path.Combine(outDir, RunParts.FolderName));
        if (plan.Config.Recording.WritesSnapshots)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "trajectories"));
        }
    }

    internal static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InputFileException(path, "is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, $"is not valid JSON ({e.Message})");
        }
    }

    /// <summary>Writes <paramref name="json"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    internal static void WriteJson(string path, JsonNode json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static void WriteManifest(string outDir, ExperimentPlan plan, ExperimentShard? shard, JsonObject state, IReadOnlyList<StageConsumer> stages, RunsWriter? runs, int threads, DateTime started, double seconds, string status, string? error, int kept)
    {
        var manifest = new JsonObject
        {
            ["netorbit"] = NetOrbitInfo.Version,
            ["experiment"] = plan.Config.Name,
            ["status"] = status,
            ["error"] = error,
            ["started_utc"] = started.ToString("O"),
            ["wall_seconds"] = seconds,
            ["threads"] = threads,
            ["config_sha256"] = state["config_sha256"]!.DeepClone(),
            ["grid_runs"] = plan.Runs.Count,
            ["shard"] = shard is null ? null : new JsonObject
            {
                ["index"] = shard.Index,
                ["count"] = shard.Count,
                ["first_run"] = state["first_run"]!.DeepClone(),
                ["runs"] = state["runs"]!.DeepClone(),
            },
            ["resumed_after_runs"] = kept,
            ["runs"] = runs is null
                ? new JsonObject { ["total"] = state["runs"]!.DeepClone() }
                : new JsonObject { ["total"] = runs.RunCount, ["ok"] = runs.RunCount - runs.Diverged - runs.Failed, ["diverged"] = runs.Diverged, ["failed"] = runs.Failed },
            ["runtime"] = new JsonObject
            {
                ["dotnet"] = Environment.Version.ToString(),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["apache_arrow"] = typeof(Apache.Arrow.RecordBatch).Assembly.GetName().Version?.ToString(),
                ["mathnet_numerics"] = typeof(MathNet.Numerics.Control).Assembly.GetName().Version?.ToString(),
            },
            ["config"] = JsonNode.Parse(plan.Config.ResolvedJson),
            ["stages"] = new JsonArray([.. plan.Stages.Select((s, i) => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["snapshot_interval"] = s.SnapshotInterval,
                ["tables"] = new JsonArray([.. s.Tables.Select(t => (JsonNode)(t.Name + ".arrow"))]),
                ["summary_tables"] = new JsonArray([.. StageConsumer.SummaryTablesOf(s).Select(t => (JsonNode)(t + ".arrow"))]),
                ["experiment_tables"] = new JsonArray([.. (i < stages.Count ? stages[i].ExperimentTables : []).Select(t => (JsonNode)(t + ".arrow"))]),
            })]),
        };
        WriteJson(Path.Combine(outDir, "manifest.json"), manifest);
    }

    /// <summary>A window of the grid, without copying it.</summary>
    private sealed class RunRange(IReadOnlyList<RunInfo> runs, int first, int count) : IReadOnlyList<RunInfo>
    {
        public RunInfo this[int index] => (uint)index < (uint)count ? runs[first + index] : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count;

        public IEnumerator<RunInfo> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return runs[first + i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
