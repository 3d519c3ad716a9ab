using System.Text.Json.Nodes;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// Merges the run directories of the shards of one experiment (<c>netorbit run --shard I/N</c>) into
/// one run directory whose tables hold, row for row and in the same order, the values a
/// single-machine run writes. Per-run tables (<c>runs</c>, every stage table filled run by run,
/// trajectories) are the shards' tables one after the other (a shard is a contiguous range of the
/// grid); experiment-level summaries (<see cref="IStageSummary"/>, e.g. <c>lyapunov/summary</c>) are
/// computed again from the merged per-run tables; datasets must be identical in every shard. A stage
/// that wrote experiment-level rows without <see cref="IStageSummary"/> cannot be merged and is refused.
/// </summary>
public static class ShardMerge
{
    /// <summary>What a merge wrote.</summary>
    /// <param name="OutputDirectory">The merged run directory (full path).</param>
    /// <param name="Shards">Number of shards merged.</param>
    /// <param name="Runs">Runs in the merged <c>runs.arrow</c>.</param>
    public sealed record Result(string OutputDirectory, int Shards, int Runs);

    private sealed record Shard(string Directory, string ManifestPath, JsonObject Manifest, int Index, int Count, int FirstRun, int Runs);

    /// <summary>Merges <paramref name="shardDirectories"/> (any order) into <paramref name="outputDirectory"/>.</summary>
    /// <param name="shardDirectories">The shards' run directories: every shard of one experiment, once.</param>
    /// <param name="outputDirectory">Where the merged run directory goes: a missing or empty folder, or an earlier merge (replaced).</param>
    /// <param name="catalog">Stages by name, to recompute summaries (plugins loaded into it).</param>
    /// <param name="cancellationToken">Stops the merge; what was not committed is removed.</param>
    /// <exception cref="InputFileException">A shard is missing, duplicated, incomplete, of another configuration, or unreadable; or the output folder is not one to replace.</exception>
    public static async Task<Result> MergeAsync(IReadOnlyList<string> shardDirectories, string outputDirectory, StageCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shardDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(catalog);
        if (shardDirectories.Count == 0)
        {
            throw new InputFileException("<shards>", "no shard directories given");
        }

        var output = Path.GetFullPath(outputDirectory);
        var shards = shardDirectories.Select(d => Open(Path.GetFullPath(d))).ToList();
        foreach (var s in shards.Where(s => SamePath(s.Directory, output)))
        {
            throw new InputFileException(output, $"the output folder is one of the shards ({s.Index}/{s.Count}); choose another --out");
        }

        var first = shards[0];
        var fingerprint = first.Manifest["config_sha256"]!.GetValue<string>();
        foreach (var s in shards)
        {
            if (s.Manifest["config_sha256"]!.GetValue<string>() != fingerprint)
            {
                throw new InputFileException(s.ManifestPath, $"shard {s.Index}/{s.Count} was run with a different configuration or stages than {first.Directory} (config_sha256 differs); merge shards of one configuration only");
            }

            if (s.Count != first.Count)
            {
                throw new InputFileException(s.ManifestPath, $"is shard {s.Index}/{s.Count}, but {first.Directory} is shard {first.Index}/{first.Count}: the shards were cut differently");
            }
        }

        foreach (var g in shards.GroupBy(s => s.Index).Where(g => g.Count() > 1))
        {
            throw new InputFileException(g.ElementAt(1).Directory, $"shard {g.Key}/{first.Count} is given twice (also {g.First().Directory})");
        }

        var missing = Enumerable.Range(0, first.Count).Where(i => shards.All(s => s.Index != i)).ToList();
        if (missing.Count > 0)
        {
            throw new InputFileException(first.Directory, $"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{first.Count}"))} missing: every shard of the experiment is needed");
        }

        shards = [.. shards.OrderBy(s => s.Index)];
        var gridRuns = first.Manifest["grid_runs"]!.GetValue<int>();
        var next = 0;
        foreach (var s in shards)
        {
            if (s.FirstRun != next)
            {
                throw new InputFileException(s.ManifestPath, $"shard {s.Index}/{s.Count} starts at run {s.FirstRun}, expected {next}");
            }

            next += s.Runs;
        }

        if (next != gridRuns)
        {
            throw new InputFileException(first.ManifestPath, $"the shards hold {next} runs, the grid {gridRuns}");
        }

        // Experiment-level rows of a stage without IStageSummary cover one shard only: refused,
        // whichever shard wrote them.
        foreach (var s in shards)
        {
            foreach (var entry in s.Manifest["stages"]?.AsArray() ?? [])
            {
                var experimentTables = entry?["experiment_tables"]?.AsArray().Select(t => t?.ToString()).ToList() ?? [];
                if (experimentTables.Count > 0)
                {
                    throw new InputFileException(s.ManifestPath, $"stage '{entry!["name"]}' wrote experiment-level rows ({string.Join(", ", experimentTables)}) from the runs of one shard only, and does not say how to recompute them (IStageSummary); run this experiment unsharded");
                }
            }
        }

        var (stages, compression) = Stages(first, catalog);
        PrepareOutput(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await CopyIdenticalAsync(shards, "datasets", cancellationToken).ConfigureAwait(false);
        await MergeTrajectoriesAsync(shards, gridRuns, output, compression, cancellationToken).ConfigureAwait(false);

        await ConcatAsync(shards, RunsTable.Definition, output, compression, coalesce: true, cancellationToken).ConfigureAwait(false);
        foreach (var (stage, summaryTables) in stages)
        {
            foreach (var t in stage.Tables.Where(t => !summaryTables.Contains(t.Name)))
            {
                await ConcatAsync(shards, t, output, compression, coalesce: false, cancellationToken).ConfigureAwait(false);
            }

            if (summaryTables.Count > 0)
            {
                await SummarizeAsync(stage, summaryTables, output, compression, cancellationToken).ConfigureAwait(false);
            }
        }

        var (runs, diverged, failed) = CountRuns(Path.Combine(output, "runs.arrow"));
        var manifest = (JsonObject)first.Manifest.DeepClone();
        manifest["status"] = "ok";
        manifest["error"] = null;
        manifest["shard"] = null;
        manifest["started_utc"] = shards.Select(s => s.Manifest["started_utc"]?.GetValue<string>() ?? "").Min(StringComparer.Ordinal);
        manifest["wall_seconds"] = shards.Sum(s => s.Manifest["wall_seconds"]?.GetValue<double>() ?? 0);
        manifest["merge_wall_seconds"] = clock.Elapsed.TotalSeconds;
        manifest["resumed_after_runs"] = 0;
        manifest["runs"] = new JsonObject { ["total"] = runs, ["ok"] = runs - diverged - failed, ["diverged"] = diverged, ["failed"] = failed };
        manifest["merged_from"] = new JsonArray([.. shards.Select(s => (JsonNode)new JsonObject
        {
            ["index"] = s.Index,
            ["count"] = s.Count,
            ["first_run"] = s.FirstRun,
            ["runs"] = s.Runs,
            ["directory"] = s.Directory,
            ["started_utc"] = s.Manifest["started_utc"]?.DeepClone(),
            ["wall_seconds"] = s.Manifest["wall_seconds"]?.DeepClone(),
            ["threads"] = s.Manifest["threads"]?.DeepClone(),
            ["resumed_after_runs"] = s.Manifest["resumed_after_runs"]?.DeepClone(),
        })]);
        ExperimentRunner.WriteJson(Path.Combine(output, "manifest.json"), manifest);
        return new Result(output, shards.Count, runs);

        async Task CopyIdenticalAsync(List<Shard> all, string folder, CancellationToken ct)
        {
            var names = Files(all[0].Directory, folder);
            foreach (var s in all.Skip(1))
            {
                var theirs = Files(s.Directory, folder);
                if (!names.SequenceEqual(theirs))
                {
                    throw new InputFileException(Path.Combine(s.Directory, folder), $"holds {string.Join(", ", theirs)}, but {Path.Combine(all[0].Directory, folder)} holds {string.Join(", ", names)}");
                }

                foreach (var n in names)
                {
                    var a = await File.ReadAllBytesAsync(Path.Combine(all[0].Directory, folder, n), ct).ConfigureAwait(false);
                    var b = await File.ReadAllBytesAsync(Path.Combine(s.Directory, folder, n), ct).ConfigureAwait(false);
                    if (!a.AsSpan().SequenceEqual(b))
                    {
                        throw new InputFileException(Path.Combine(s.Directory, folder, n), $"differs from {Path.Combine(all[0].Directory, folder, n)}: the shards did not read the same data");
                    }
                }
            }

            CopyFolder([all[0]], folder, output, ct);
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static List<string> Files(string dir, string folder)
    {
        var path = Path.Combine(dir, folder);
        return Directory.Exists(path) ? [.. Directory.GetFiles(path, "*.arrow").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];
    }

    private static Shard Open(string dir)
    {
        var manifestPath = Path.Combine(dir, "manifest.json");
        if (!Directory.Exists(dir))
        {
            throw new InputFileException(dir, "no such folder");
        }

        if (!File.Exists(manifestPath))
        {
            throw new InputFileException(dir, Study.IsStudyDirectory(dir) ? Study.NotARunDirectory(dir) : "not a NetOrbit run directory (no manifest.json)");
        }

        var m = ExperimentRunner.ReadJson(manifestPath);
        if (m["status"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || m["config_sha256"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || m["grid_runs"] is null)
        {
            throw new InputFileException(manifestPath, "not a NetOrbit manifest with status, config_sha256 and grid_runs (written by an older NetOrbit?)");
        }

        var status = m["status"]!.GetValue<string>();
        if (status != "ok")
        {
            throw new InputFileException(manifestPath, $"status '{status}': the shard did not complete; finish it with 'netorbit run CONFIG --shard I/N --out {dir} --resume'");
        }

        if (m["merged_from"] is not null)
        {
            throw new InputFileException(manifestPath, "is already a merged run directory, not a shard");
        }

        try
        {
            var grid = m["grid_runs"]!.GetValue<int>();
            return m["shard"] is JsonObject s
                ? new Shard(dir, manifestPath, m, s["index"]!.GetValue<int>(), s["count"]!.GetValue<int>(), s["first_run"]!.GetValue<int>(), s["runs"]!.GetValue<int>())
                : new Shard(dir, manifestPath, m, 0, 1, 0, grid);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InputFileException(manifestPath, $"its shard entry is malformed ({e.Message})");
        }
    }

    /// <summary>The stages of the experiment with their summary tables, created from the manifest's configuration where a summary needs the stage itself.</summary>
    private static (List<(IAnalysisStage Stage, IReadOnlyList<string> SummaryTables)> Stages, ArrowCompression Compression) Stages(Shard shard, StageCatalog catalog)
    {
        ExperimentConfig config;
        try
        {
            config = ExperimentConfigLoader.Parse(shard.Manifest["config"]!.ToJsonString(), shard.ManifestPath, shard.Directory);
        }
        catch (ConfigException e)
        {
            throw new InputFileException(shard.ManifestPath, $"its configuration is invalid: {e.Errors[0]}");
        }

        var list = new List<(IAnalysisStage, IReadOnlyList<string>)>();
        foreach (var entry in shard.Manifest["stages"]?.AsArray() ?? [])
        {
            var name = entry!["name"]!.GetValue<string>();
            var experimentTables = entry["experiment_tables"]?.AsArray().Select(t => t!.GetValue<string>()).ToList() ?? [];
            if (experimentTables.Count > 0)
            {
                throw new InputFileException(shard.ManifestPath, $"stage '{name}' wrote experiment-level rows ({string.Join(", ", experimentTables)}) from the runs of one shard only, and does not say how to recompute them (IStageSummary); run this experiment unsharded");
            }

            var configured = config.Stages.FirstOrDefault(s => s.Name == name);
            var factory = catalog.Find(name);
            if (configured.Name is null || factory is null)
            {
                throw new InputFileException(shard.ManifestPath, factory is null
                    ? $"stage '{name}' is not known here: load its plugin with --plugin"
                    : $"stage '{name}' was added in code, not in the configuration, so merge cannot create it; merge with the library (ShardMerge) from a program that has it");
            }

            var errors = new ConfigErrors();
            var stage = factory.Create(configured.Options, configured.Path, errors);
            if (stage is null || !errors.IsEmpty)
            {
                throw new InputFileException(shard.ManifestPath, $"stage '{name}': {string.Join("; ", errors.Errors)}");
            }

            list.Add((stage, StageConsumer.SummaryTablesOf(stage)));
        }

        foreach (var s in shard.Manifest["stages"]?.AsArray() ?? [])
        {
            var declared = s!["tables"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            var stage = list.First(x => x.Item1.Name == s["name"]!.GetValue<string>()).Item1;
            if (!declared.SequenceEqual(stage.Tables.Select(t => t.Name + ".arrow")))
            {
                throw new InputFileException(shard.ManifestPath, $"stage '{stage.Name}' declares other tables here than in the shards (a different NetOrbit or plugin version?)");
            }
        }

        return (list, config.Compression);
    }

    private static void PrepareOutput(string output)
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            var manifest = Path.Combine(output, "manifest.json");
            if (!File.Exists(manifest) || ExperimentRunner.ReadJson(manifest)["merged_from"] is null)
            {
                throw new InputFileException(output, "the output folder is not empty and is not an earlier merge; choose another --out");
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(output))
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

        Directory.CreateDirectory(output);
    }

    /// <summary>
    /// The shards' trajectories cut into the part files a single-machine run writes (its chunks of the
    /// grid), run by run in grid order.
    /// </summary>
    private static async Task MergeTrajectoriesAsync(List<Shard> shards, int gridRuns, string output, ArrowCompression compression, CancellationToken ct)
    {
        var files = shards.Select(s => TrajectoryFolder.Files(Path.Combine(s.Directory, TrajectoryFolder.Name))).ToList();
        if (files.All(f => f.Count == 0))
        {
            return;
        }

        var folder = Path.Combine(output, TrajectoryFolder.Name);
        Directory.CreateDirectory(folder);
        var chunks = new RunParts(output, 0, gridRuns, RunParts.ChooseChunkRuns(gridRuns));
        await using var writer = new TrajectoryPartWriter(folder, chunks, compression, 0);
        for (var i = 0; i < shards.Count; i++)
        {
            var s = shards[i];
            var index = s.FirstRun;
            foreach (var f in files[i])
            {
                foreach (var view in TrajectoryFile.OpenRuns(f))
                {
                    ct.ThrowIfCancellationRequested();
                    if (index == s.FirstRun + s.Runs)
                    {
                        throw new InputFileException(f, $"holds run '{view.RunId}' beyond the {s.Runs} runs of shard {s.Index}/{s.Count}");
                    }

                    if (view.Layout is null)
                    {
                        throw new InputFileException(f, $"has no {ArrowMetadata.ParamLayoutKey} metadata: not written by NetOrbit");
                    }

                    var run = new RunInfo
                    {
                        Index = index++,
                        RunId = view.RunId,
                        Dataset = "",
                        Architecture = view.Layout.Architecture,
                        Eta = double.NaN,
                        Epsilon = double.NaN,
                        InitialCondition = 0,
                        InitSeed = -1,
                        PerturbationSeed = -1,
                        Members = view.Members,
                        Steps = (int)Math.Min(int.MaxValue, view.LastStep),
                        Layout = view.Layout,
                    };
                    await writer.AddRunAsync(run, Batches(view.ReadSnapshots(run)), ct).ConfigureAwait(false);
                }
            }

            if (index != s.FirstRun + s.Runs)
            {
                throw new InputFileException(Path.Combine(s.Directory, TrajectoryFolder.Name), $"holds the trajectories of {index - s.FirstRun} runs, shard {s.Index}/{s.Count} has {s.Runs}");
            }
        }

        static IEnumerable<RecordBatch> Batches(IEnumerable<SnapshotBatch> snapshots)
        {
            foreach (var b in snapshots)
            {
                try
                {
                    yield return b.Batch;
                }
                finally
                {
                    b.Dispose();
                }
            }
        }
    }

    private static void CopyFolder(IEnumerable<Shard> shards, string folder, string output, CancellationToken ct)
    {
        foreach (var s in shards)
        {
            var from = Path.Combine(s.Directory, folder);
            if (!Directory.Exists(from))
            {
                continue;
            }

            var to = Path.Combine(output, folder);
            Directory.CreateDirectory(to);
            foreach (var f in Directory.EnumerateFiles(from, "*.arrow"))
            {
                ct.ThrowIfCancellationRequested();
                var target = Path.Combine(to, Path.GetFileName(f));
                File.Copy(f, target + ".tmp", overwrite: true);
                File.Move(target + ".tmp", target, overwrite: true);
            }
        }
    }

    private static async Task ConcatAsync(List<Shard> shards, TableDefinition table, string output, ArrowCompression compression, bool coalesce, CancellationToken ct)
    {
        await using var file = new ArrowTableFile(Path.Combine(output, table.Name + ".arrow"), table.Schema, compression);
        var pending = new List<RecordBatch>();
        foreach (var s in shards)
        {
            var path = Path.Combine(s.Directory, table.Name + ".arrow");
            if (!File.Exists(path))
            {
                throw new InputFileException(path, "missing: the shard is incomplete");
            }

            using var batches = RunParts.ReadFile(path).GetEnumerator();
            var checkedSchema = false;
            while (true)
            {
                try
                {
                    if (!batches.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new InputFileException(path, ArrowMagic.Problem(path) ?? $"not a readable Arrow file ({e.Message})");
                }

                var b = batches.Current;
                if (!checkedSchema)
                {
                    if (!SchemaComparer.SameFields(table.Schema, b.Schema, out var why))
                    {
                        throw new InputFileException(path, $"does not have the schema of {table.Name}: {why}");
                    }

                    checkedSchema = true;
                }

                if (b.Length == 0)
                {
                    continue;
                }

                if (!coalesce)
                {
                    await file.WriteAsync(b, ct).ConfigureAwait(false);
                    continue;
                }

                pending.Add(Copy(b));
                if (pending.Sum(p => p.Length) >= CoalesceRows)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
        }

        await FlushAsync().ConfigureAwait(false);
        await file.CommitAsync(ct).ConfigureAwait(false);

        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            using var merged = Concatenate(table.Schema, pending);
            foreach (var p in pending)
            {
                p.Dispose();
            }

            pending.Clear();
            await file.WriteAsync(merged, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Rows per record batch of a coalesced table (<c>runs.arrow</c>): few batches for readers, a small buffer for the writer.</summary>
    internal const int CoalesceRows = 8 * 1024;

    /// <summary>One batch holding the rows of <paramref name="batches"/> in order.</summary>
    internal static RecordBatch Concatenate(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        var columns = new List<IArrowArray>();
        for (var c = 0; c < schema.FieldsList.Count; c++)
        {
            columns.Add(ArrowArrayConcatenator.Concatenate([.. batches.Select(b => b.Column(c))]));
        }

        return new RecordBatch(schema, columns, batches.Sum(b => b.Length));
    }

    private static RecordBatch Copy(RecordBatch b) => b.Clone();

    private static async Task SummarizeAsync(IAnalysisStage stage, IReadOnlyList<string> summaryTables, string output, ArrowCompression compression, CancellationToken ct)
    {
        var runs = new Dictionary<string, RunInfo>(StringComparer.Ordinal);
        foreach (var b in RunParts.ReadFile(Path.Combine(output, "runs.arrow")))
        {
            for (var i = 0; i < b.Length; i++)
            {
                var info = RunRow(b, i, runs.Count);
                runs.TryAdd(info.RunId, info);
            }
        }

        var rows = new Collected(stage);
        ((IStageSummary)stage).Summarize(new StageSummaryInput(id => runs.GetValueOrDefault(id), table => stage.Tables.Any(t => t.Name == table) && !summaryTables.Contains(table) ? RunParts.ReadFile(Path.Combine(output, table + ".arrow")) : throw new InvalidOperationException($"stage '{stage.Name}' summarises from '{table}', which is not one of its per-run tables")), rows);
        try
        {
            foreach (var name in summaryTables)
            {
                var def = stage.Tables.First(t => t.Name == name);
                await ArrowTableFile.WriteAsync(Path.Combine(output, name + ".arrow"), def.Schema, rows.Batches.Where(r => r.Table == name && r.Batch.Length > 0).Select(r => r.Batch), compression, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var (_, b) in rows.Batches)
            {
                b.Dispose();
            }
        }
    }

    private sealed class Collected(IAnalysisStage stage) : IStageOutput
    {
        public List<(string Table, RecordBatch Batch)> Batches { get; } = [];

        public void Append(string table, RecordBatch batch)
        {
            var def = stage.Tables.FirstOrDefault(t => t.Name == table) ?? throw new InvalidOperationException($"stage '{stage.Name}' emitted to undeclared table '{table}'");
            if (!SchemaComparer.SameFields(def.Schema, batch.Schema, out var why))
            {
                throw new InvalidOperationException($"stage '{stage.Name}' emitted a batch to '{table}' that does not match its declared schema: {why}");
            }

            Batches.Add((table, batch));
        }
    }

    internal static RunInfo RunRow(RecordBatch b, int i, int index)
    {
        string S(string c) => ((StringArray)b.Column(c)).GetString(i);
        double D(string c) => ((DoubleArray)b.Column(c)).GetValue(i)!.Value;
        long L(string c) => ((Int64Array)b.Column(c)).GetValue(i)!.Value;
        int I(string c) => ((Int32Array)b.Column(c)).GetValue(i)!.Value;
        return new RunInfo
        {
            Index = index,
            RunId = S("run_id"),
            Dataset = S("dataset"),
            Architecture = S("architecture"),
            Eta = D("eta"),
            Epsilon = D("epsilon"),
            InitialCondition = I("initial_condition"),
            InitSeed = L("init_seed"),
            PerturbationSeed = L("perturbation_seed"),
            Members = I("members"),
            Steps = I("steps"),
            Layout = ParameterLayout.Flat(1),
        };
    }

    private static (int Runs, int Diverged, int Failed) CountRuns(string path)
    {
        int n = 0, diverged = 0, failed = 0;
        foreach (var b in RunParts.ReadFile(path))
        {
            var status = (StringArray)b.Column("status");
            for (var i = 0; i < b.Length; i++)
            {
                var st = status.GetString(i);
                diverged += st == "diverged" ? 1 : 0;
                failed += st == "failed" ? 1 : 0;
            }

            n += b.Length;
        }

        return (n, diverged, failed);
    }
}
