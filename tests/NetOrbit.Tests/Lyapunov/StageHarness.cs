using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Stages;

namespace NetOrbit.Tests.Lyapunov;

/// <summary>Drives a stage the way the pipeline does, with GD ensembles on a test model.</summary>
internal static class StageHarness
{
    public static Dataset TinyDataset { get; } = new("tiny", ["x"], ["a", "b"], [0.0, 1.0], [0, 1], [false, true]);

    public static RunInfo Run(int index, INetworkModel model, double eta, double eps, int members, int steps, string dataset = "tiny") => new()
    {
        Index = index,
        RunId = $"run{index:000}",
        Dataset = dataset,
        Architecture = model.Layout.Architecture,
        Eta = eta,
        Epsilon = eps,
        InitialCondition = index,
        InitSeed = 100 + index,
        PerturbationSeed = 200 + index,
        Members = members,
        Steps = steps,
        Layout = model.Layout,
    };

    /// <summary>Trains reference + copies (U(-eps, eps) on weights) with GD; returns W[member][step][p].</summary>
    public static double[][][] Train(RunInfo run, INetworkModel model, double[] w0, int seed)
    {
        var rng = new Random(seed);
        var p = model.Layout.Count;
        var result = new double[run.Members][][];
        var g = new double[p];
        for (var j = 0; j < run.Members; j++)
        {
            var w = (double[])w0.Clone();
            if (j > 0)
            {
                for (var i = 0; i < p; i++)
                {
                    if (model.Layout.IsWeight(i))
                    {
                        w[i] += run.Epsilon * (2 * rng.NextDouble() - 1);
                    }
                }
            }

            result[j] = new double[run.Steps + 1][];
            for (var t = 0; t <= run.Steps; t++)
            {
                result[j][t] = (double[])w.Clone();
                model.Gradient(w, TinyDataset.Train, g);
                for (var i = 0; i < p; i++)
                {
                    w[i] -= run.Eta * g[i];
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Feeds the trajectories in batches of <paramref name="stepsPerBatch"/> steps, each preceded by the
    /// member distances of its completed steps (as <c>netorbit analyze</c> does), then the result.
    /// </summary>
    public static void Feed(IStageRun stageRun, RunInfo run, double[][][] w, CollectingOutput output, int stepsPerBatch = 7, RunStatus status = RunStatus.Ok, Func<int, int, bool>? include = null, long[]? divergedStep = null, Func<int, double>? loss = null)
    {
        var schema = TrajectoryTable.CreateSchema(run.Layout);
        var distances = new MemberDistanceTracker(run);
        for (var start = 0; start <= run.Steps; start += stepsPerBatch)
        {
            var end = Math.Min(run.Steps, start + stepsPerBatch - 1);
            var builder = new TrajectoryBatchBuilder(run, schema);
            for (var t = start; t <= end; t++)
            {
                for (var j = 0; j < run.Members; j++)
                {
                    if (include is null || include(j, t))
                    {
                        builder.Append(j, t, j == 0 && loss is not null ? loss(t) : 0, 0, w[j][t], null, null);
                    }
                }
            }

            if (builder.Length == 0)
            {
                continue;
            }

            using var batch = builder.Build();
            var snapshots = new SnapshotBatch(run, batch);
            if (distances.Add(snapshots) is { } d)
            {
                stageRun.OnMemberDistances(d, output);
            }

            stageRun.OnSnapshots(snapshots, output);
        }

        if (distances.Flush() is { } rest)
        {
            stageRun.OnMemberDistances(rest, output);
        }

        stageRun.OnCompleted(
            new RunResult
            {
                Run = run,
                Status = status,
                DivergedStep = divergedStep ?? Enumerable.Repeat(-1L, run.Members).ToArray(),
                FinalLoss = new double[run.Members],
                FinalAccuracy = new double[run.Members],
                FinalTestAccuracy = new double[run.Members],
                InitialWeights = w.Select(m => m[0]).ToArray(),
                FinalWeights = w.Select(m => m[^1]).ToArray(),
                WallSeconds = 0,
            },
            output);
    }
}

/// <summary>Collects appended batches per table, checking each against the declared schema.</summary>
internal sealed class CollectingOutput(IReadOnlyList<TableDefinition> tables) : IStageOutput
{
    public Dictionary<string, List<RecordBatch>> Batches { get; } = [];

    public void Append(string table, RecordBatch batch)
    {
        var def = tables.SingleOrDefault(t => t.Name == table) ?? throw new InvalidOperationException($"undeclared table {table}");
        if (!SchemaEquals(def.Schema, batch.Schema))
        {
            throw new InvalidOperationException($"schema mismatch in {table}");
        }

        if (!Batches.TryGetValue(table, out var list))
        {
            Batches[table] = list = [];
        }

        list.Add(batch);
    }

    public int Rows(string table) => Batches.TryGetValue(table, out var l) ? l.Sum(b => b.Length) : 0;

    /// <summary>
    /// What the pipeline does when the experiment completes: the stage's summary tables from its per-run
    /// tables, read in run order (batches sorted by the run index of their run_id, as the pipeline writes them).
    /// </summary>
    public void Summarize(IAnalysisStage stage, IEnumerable<RunInfo> runs)
    {
        var byId = runs.ToDictionary(r => r.RunId);
        IEnumerable<RecordBatch> Table(string name) => Batches.TryGetValue(name, out var l)
            ? l.OrderBy(b => b.Length == 0 ? -1 : byId[((StringArray)b.Column("run_id")).GetString(0)].Index).ToList()
            : [];
        ((IStageSummary)stage).Summarize(new StageSummaryInput(id => byId.GetValueOrDefault(id), Table), this);
    }

    public double[] Doubles(string table, string column) =>
        Batches.TryGetValue(table, out var l) ? l.SelectMany(b => ((DoubleArray)b.Column(column)).Values.ToArray()).ToArray() : [];

    public long[] Longs(string table, string column) =>
        Batches.TryGetValue(table, out var l) ? l.SelectMany(b => ((Int64Array)b.Column(column)).Values.ToArray()).ToArray() : [];

    public int[] Ints(string table, string column) =>
        Batches.TryGetValue(table, out var l) ? l.SelectMany(b => ((Int32Array)b.Column(column)).Values.ToArray()).ToArray() : [];

    public string[] Strings(string table, string column) =>
        Batches.TryGetValue(table, out var l) ? l.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ((StringArray)b.Column(column)).GetString(i))).ToArray() : [];

    public bool[] Bools(string table, string column) =>
        Batches.TryGetValue(table, out var l) ? l.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ((BooleanArray)b.Column(column)).GetValue(i)!.Value)).ToArray() : [];

    /// <summary>Every table serialised to Arrow IPC stream bytes, in name order (for determinism checks).</summary>
    public byte[] Bytes()
    {
        using var ms = new MemoryStream();
        foreach (var (name, batches) in Batches.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(ms, batches[0].Schema, leaveOpen: true);
            foreach (var b in batches)
            {
                writer.WriteRecordBatch(b);
            }

            writer.WriteEnd();
        }

        return ms.ToArray();
    }

    private static bool SchemaEquals(Schema a, Schema b) =>
        a.FieldsList.Count == b.FieldsList.Count &&
        a.FieldsList.Zip(b.FieldsList).All(p => p.First.Name == p.Second.Name && p.First.DataType.TypeId == p.Second.DataType.TypeId);
}
