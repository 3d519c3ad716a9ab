using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>The <c>runs/1</c> table: one row per run of the grid, in grid order.</summary>
public static class RunsTable
{
    /// <summary>The table's definition.</summary>
    public static TableDefinition Definition { get; } = TableDefinition.Create(
        "runs",
        1,
        [
            new Field("run_id", StringType.Default, false),
            new Field("dataset", StringType.Default, false),
            new Field("architecture", StringType.Default, false),
            new Field("eta", DoubleType.Default, false),
            new Field("epsilon", DoubleType.Default, false),
            new Field("initial_condition", Int32Type.Default, false),
            new Field("init_seed", Int64Type.Default, false),
            new Field("perturbation_seed", Int64Type.Default, false),
            new Field("members", Int32Type.Default, false),
            new Field("steps", Int32Type.Default, false),
            new Field("status", StringType.Default, false),
            new Field("diverged_step", Int64Type.Default, false),
            new Field("diverged_members", Int32Type.Default, false),
            new Field("final_loss", DoubleType.Default, false),
            new Field("final_accuracy", DoubleType.Default, false),
            new Field("final_test_accuracy", DoubleType.Default, false),
            new Field("wall_seconds", DoubleType.Default, false),
        ]);

    /// <summary>Builds the table's batch from results (sorted by run index here).</summary>
    public static RecordBatch Build(IEnumerable<RunResult> results)
    {
        var rs = results.OrderBy(r => r.Run.Index).ToList();
        var runId = new StringArray.Builder();
        var dataset = new StringArray.Builder();
        var arch = new StringArray.Builder();
        var status = new StringArray.Builder();
        foreach (var r in rs)
        {
            runId.Append(r.Run.RunId);
            dataset.Append(r.Run.Dataset);
            arch.Append(r.Run.Architecture);
            status.Append(r.Status.ToString().ToLowerInvariant());
        }

        return new RecordBatch(
            Definition.Schema,
            [
                runId.Build(),
                dataset.Build(),
                arch.Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.Run.Eta)).Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.Run.Epsilon)).Build(),
                new Int32Array.Builder().AppendRange(rs.Select(r => r.Run.InitialCondition)).Build(),
                new Int64Array.Builder().AppendRange(rs.Select(r => r.Run.InitSeed)).Build(),
                new Int64Array.Builder().AppendRange(rs.Select(r => r.Run.PerturbationSeed)).Build(),
                new Int32Array.Builder().AppendRange(rs.Select(r => r.Run.Members)).Build(),
                new Int32Array.Builder().AppendRange(rs.Select(r => r.Run.Steps)).Build(),
                status.Build(),
                new Int64Array.Builder().AppendRange(rs.Select(r => r.FirstDivergedStep)).Build(),
                new Int32Array.Builder().AppendRange(rs.Select(r => r.DivergedStep.Count(s => s >= 0))).Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.FinalLoss[0])).Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.FinalAccuracy[0])).Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.FinalTestAccuracy[0])).Build(),
                new DoubleArray.Builder().AppendRange(rs.Select(r => r.WallSeconds)).Build(),
            ],
            rs.Count);
    }
}
