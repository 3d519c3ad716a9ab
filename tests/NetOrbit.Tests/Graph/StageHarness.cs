using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Tests.Graph;

/// <summary>Builds runs, snapshot batches and results by hand, and collects what a stage emits.</summary>
internal static class StageHarness
{
    public static RunInfo Run(ParameterLayout layout, int members, int steps) => new()
    {
        Index = 0,
        RunId = "toy_eta1_ic000",
        Dataset = "toy",
        Architecture = layout.Architecture,
        Eta = 1,
        Epsilon = 1e-8,
        InitialCondition = 0,
        InitSeed = 1,
        PerturbationSeed = 2,
        Members = members,
        Steps = steps,
        Layout = layout,
    };

    /// <summary>A snapshot batch holding trajectory[member][step] for steps [from, to), ordered by step then member.</summary>
    public static SnapshotBatch Batch(RunInfo run, double[][][] trajectory, int from, int to)
    {
        var builder = new TrajectoryBatchBuilder(run, TrajectoryTable.CreateSchema(run.Layout));
        for (var t = from; t < to; t++)
        {
            for (var m = 0; m < trajectory.Length; m++)
            {
                builder.Append(m, t, 1, 0.5, trajectory[m][t], null, null);
            }
        }

        return new SnapshotBatch(run, builder.Build());
    }

    public static RunResult Result(RunInfo run, double[][][] trajectory) => new()
    {
        Run = run,
        Status = RunStatus.Ok,
        DivergedStep = trajectory.Select(_ => -1L).ToArray(),
        FinalLoss = trajectory.Select(_ => 1.0).ToArray(),
        FinalAccuracy = trajectory.Select(_ => 0.5).ToArray(),
        FinalTestAccuracy = trajectory.Select(_ => 0.5).ToArray(),
        InitialWeights = trajectory.Select(m => m[0]).ToArray(),
        FinalWeights = trajectory.Select(m => m[^1]).ToArray(),
        WallSeconds = 0,
    };

    /// <summary>A seeded random walk: trajectory[member][step], steps 0..steps inclusive.</summary>
    public static double[][][] RandomWalk(int members, int steps, int parameters, int seed)
    {
        var random = new Random(seed);
        var result = new double[members][][];
        for (var m = 0; m < members; m++)
        {
            result[m] = new double[steps + 1][];
            result[m][0] = Enumerable.Range(0, parameters).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            for (var t = 1; t <= steps; t++)
            {
                result[m][t] = result[m][t - 1].Select(x => x + 0.1 * (random.NextDouble() - 0.5)).ToArray();
            }
        }

        return result;
    }
}

/// <summary>Keeps every appended batch, in order.</summary>
internal sealed class CollectingOutput : IStageOutput
{
    public List<(string Table, RecordBatch Batch)> Appended { get; } = [];

    public void Append(string table, RecordBatch batch) => Appended.Add((table, batch));

    public RecordBatch[] Of(string table) => Appended.Where(a => a.Table == table).Select(a => a.Batch).ToArray();

    /// <summary>All batches of every table serialised as Arrow IPC streams, for byte comparisons.</summary>
    public byte[] Bytes()
    {
        using var stream = new MemoryStream();
        foreach (var (table, batch) in Appended)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(table);
            stream.Write(name);
            using var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return stream.ToArray();
    }
}
