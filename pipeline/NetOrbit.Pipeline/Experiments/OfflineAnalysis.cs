using System.Runtime.CompilerServices;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Datasets;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// Runs analysis stages on recorded trajectories: a NetOrbit run directory (its runs, datasets
/// and network definition are used, so model-based analyses work), or trajectory files recorded
/// by any tool in the <c>trajectories/1</c> layout.
/// </summary>
internal static class OfflineAnalysis
{
    /// <summary>One recorded run to analyse.</summary>
    internal sealed record Item(TrajectoryFile File, RunInfo Run, Dataset Dataset, INetworkModel Model, RunStatus Status);

    /// <summary>Resolves <paramref name="inputs"/> into runs, checking every file before any work.</summary>
    public static List<Item> Resolve(IReadOnlyList<string> inputs, out ExperimentConfig? config)
    {
        config = null;
        var items = new List<Item>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input) && File.Exists(Path.Combine(input, "manifest.json")))
            {
                items.AddRange(FromRunDirectory(input, out config));
            }
            else if (Directory.Exists(input))
            {
                var files = Directory.GetFiles(input, "*.arrow").Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    throw new InputFileException(input, Study.IsStudyDirectory(input) ? Study.NotARunDirectory(input) : "the folder holds no .arrow trajectory files and no manifest.json");
                }

                foreach (var f in files)
                {
                    items.AddRange(Loose(f, items.Count));
                }
            }
            else if (File.Exists(input))
            {
                items.AddRange(Loose(input, items.Count));
            }
            else
            {
                throw new InputFileException(input, "no such file or folder");
            }
        }

        // Run indices must be 0..n-1 in input order.
        return items.Select((it, i) => it with { Run = it.Run with { Index = i } }).ToList();
    }

    /// <summary>Streams the recorded snapshots of <paramref name="item"/> (and, when <paramref name="memberDistances"/> is set, the member distances at the recorded steps), then its result.</summary>
    public static async IAsyncEnumerable<RunEvent> ReadAsync(Item item, bool memberDistances, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var run = item.Run;
        var first = new double[run.Members][];
        var last = new double[run.Members][];
        var lastLoss = Enumerable.Repeat(double.NaN, run.Members).ToArray();
        var lastAcc = Enumerable.Repeat(double.NaN, run.Members).ToArray();
        var lastStep = Enumerable.Repeat(-1L, run.Members).ToArray();
        var gap = Enumerable.Repeat(long.MaxValue, run.Members).ToArray();
        var distances = memberDistances && run.Members > 1 ? new MemberDistanceTracker(run) : null;
        foreach (var batch in item.File.ReadSnapshots(run))
        {
            ct.ThrowIfCancellationRequested();
            for (var r = 0; r < batch.Length; r++)
            {
                var m = batch.Member(r);
                first[m] ??= batch.Weights(r).ToArray();
                last[m] = batch.Weights(r).ToArray();
                if (lastStep[m] >= 0 && batch.Step(r) > lastStep[m])
                {
                    gap[m] = Math.Min(gap[m], batch.Step(r) - lastStep[m]);
                }

                (lastLoss[m], lastAcc[m], lastStep[m]) = (batch.Loss(r), batch.Accuracy(r), batch.Step(r));
            }

            if (distances?.Add(batch) is { } d)
            {
                yield return RunEvent.Of(d);
            }

            yield return RunEvent.Of(batch);
        }

        if (distances?.Flush() is { } rest)
        {
            yield return RunEvent.Of(rest);
        }

        // A member whose rows stop before the others' is taken to have diverged just after its last row; so is one
        // that stops a recording interval or more before the run's last step (run.Steps: a run directory's planned
        // steps, a loose file's last row), which catches every member diverging at the same step. A member's
        // interval is the gap between its rows (with a single row, the coarsest of the others'; with no member
        // having two rows, the interval is unknown and only the first rule applies).
        var end = lastStep.Max();
        var coarsest = gap.Where(g => g != long.MaxValue).DefaultIfEmpty(long.MaxValue).Max();
        var diverged = lastStep.Select((s, m) => s >= 0 && (s < end || s <= run.Steps - Math.Min(gap[m], coarsest)) ? s + 1 : -1).ToArray();
        var p = run.Layout.Count;
        yield return RunEvent.Of(new RunResult
        {
            Run = run,
            Status = diverged.Any(d => d >= 0) || item.Status == RunStatus.Diverged ? RunStatus.Diverged : item.Status,
            DivergedStep = diverged,
            FinalLoss = lastLoss,
            FinalAccuracy = lastAcc,
            FinalTestAccuracy = Enumerable.Repeat(double.NaN, run.Members).ToArray(),
            InitialWeights = first.Select(w => w ?? new double[p]).ToArray(),
            FinalWeights = last.Select(w => w ?? new double[p]).ToArray(),
            WallSeconds = 0,
        });
    }

    private static IEnumerable<Item> FromRunDirectory(string dir, out ExperimentConfig config)
    {
        var manifestPath = Path.Combine(dir, "manifest.json");
        JsonElement configJson;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            configJson = doc.RootElement.GetProperty("config").Clone();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IOException)
        {
            throw new InputFileException(manifestPath, $"not a NetOrbit manifest ({e.Message})");
        }

        try
        {
            config = ExperimentConfigLoader.Parse(configJson.GetRawText(), manifestPath, dir);
        }
        catch (ConfigException e)
        {
            throw new InputFileException(manifestPath, $"its configuration is invalid: {e.Errors[0]}");
        }

        var runsPath = Path.Combine(dir, "runs.arrow");
        if (!File.Exists(runsPath))
        {
            throw new InputFileException(runsPath, "missing: the run did not complete (see manifest.json status)");
        }

        var rows = ReadRuns(runsPath);
        var folder = Path.Combine(dir, TrajectoryFolder.Name);
        var recorded = TrajectoryFolder.Index(folder);
        var datasets = new Dictionary<string, Dataset>();
        var items = new List<Item>();
        foreach (var row in rows)
        {
            if (!recorded.TryGetValue(row.RunId, out var file))
            {
                throw new InputFileException(folder, $"holds no rows of run '{row.RunId}': analysis needs recorded snapshots (recording mode 'snapshots')");
            }

            var trajectory = file.Path;

            if (!datasets.TryGetValue(row.Dataset, out var dataset))
            {
                var dataPath = Path.Combine(dir, "datasets", row.Dataset + ".arrow");
                try
                {
                    dataset = DatasetTable.Read(dataPath);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException)
                {
                    throw new InputFileException(dataPath, e.Message);
                }

                datasets[row.Dataset] = dataset;
            }

            var layout = ParameterLayout.ForLayers([dataset.FeatureCount, .. config.Architecture.Hidden, dataset.ClassCount]);
            if (file.ParameterCount != layout.Count)
            {
                throw new InputFileException(trajectory, $"weights hold {file.ParameterCount} parameters; the run's network {layout.Architecture} has {layout.Count}");
            }

            var run = row.Info with { Layout = layout, Architecture = layout.Architecture };
            items.Add(new Item(file, run, dataset, new Training.NetworkModel(EnsembleRun.Spec(config.Architecture, run)), row.Status));
        }

        return items;
    }

    /// <summary>The runs of a trajectory file from any tool (one run, or a NetOrbit part file), numbered from <paramref name="index"/>.</summary>
    private static IEnumerable<Item> Loose(string path, int index) =>
        TrajectoryFile.OpenRuns(path).Select((file, i) => Loose(file, path, index + i)).ToList();

    private static Item Loose(TrajectoryFile file, string path, int index)
    {
        var layout = file.Layout ?? ParameterLayout.Flat(file.ParameterCount);
        var run = new RunInfo
        {
            Index = index,
            RunId = file.RunId,
            Dataset = "",
            Architecture = layout.Architecture,
            Eta = double.NaN,
            Epsilon = double.NaN,
            InitialCondition = index,
            InitSeed = -1,
            PerturbationSeed = -1,
            Members = file.Members,
            Steps = (int)Math.Min(int.MaxValue, file.LastStep),
            Layout = layout,
        };
        return new Item(file, run, NoData, new UnavailableModel(layout, path), RunStatus.Ok);
    }

    private static readonly Dataset NoData = new("none", ["x"], ["c"], [], [], []);

    private sealed record RunRow(string RunId, string Dataset, RunStatus Status, RunInfo Info);

    private static List<RunRow> ReadRuns(string path)
    {
        var rows = new List<RunRow>();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            while (reader.ReadNextRecordBatch() is { } b)
            {
                using (b)
                {
                    string S(string c, int i) => ((StringArray)b.Column(c)).GetString(i);
                    double D(string c, int i) => ((DoubleArray)b.Column(c)).GetValue(i)!.Value;
                    long L(string c, int i) => ((Int64Array)b.Column(c)).GetValue(i)!.Value;
                    int I(string c, int i) => ((Int32Array)b.Column(c)).GetValue(i)!.Value;
                    for (var i = 0; i < b.Length; i++)
                    {
                        var info = new RunInfo
                        {
                            Index = rows.Count,
                            RunId = S("run_id", i),
                            Dataset = S("dataset", i),
                            Architecture = S("architecture", i),
                            Eta = D("eta", i),
                            Epsilon = D("epsilon", i),
                            InitialCondition = I("initial_condition", i),
                            InitSeed = L("init_seed", i),
                            PerturbationSeed = L("perturbation_seed", i),
                            Members = I("members", i),
                            Steps = I("steps", i),
                            Layout = ParameterLayout.Flat(1),
                        };
                        rows.Add(new RunRow(info.RunId, info.Dataset, S("status", i) == "diverged" ? RunStatus.Diverged : RunStatus.Ok, info));
                    }
                }
            }
        }
        catch (Exception e) when (e is not InputFileException)
        {
            throw new InputFileException(path, $"not a runs/1 table ({e.Message})");
        }

        return rows;
    }

    /// <summary>The model of a trajectory recorded without its network and data: analyses that need it fail with a clear message.</summary>
    private sealed class UnavailableModel(ParameterLayout layout, string file) : INetworkModel
    {
        public ParameterLayout Layout => layout;

        public double Loss(ReadOnlySpan<double> w, DataSplit split) => throw Missing();

        public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient) => throw Missing();

        public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) => throw Missing();

        public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions) => throw Missing();

        public INetworkModel Clone() => this;

        private InputFileException Missing() => new(file, "this analysis needs the network and its training data: analyse a NetOrbit run directory instead of a loose trajectory file");
    }
}
