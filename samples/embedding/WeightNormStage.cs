using System.Numerics.Tensors;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Samples.Embedding;

/// <summary>
/// A custom stage written in the embedding program: the reference network's norm ||W||_1 (the
/// paper's "norm", the sum of absolute weights and biases) at W(0), at the last snapshot, and its
/// largest value with the step it was reached, one row per run in table <c>weight-norm/runs</c>.
/// </summary>
internal sealed class WeightNormStage(int every) : IAnalysisStage
{
    public const string StageName = "weight-norm";

    public const string TableName = StageName + "/runs";

    private static readonly TableDefinition Table = TableDefinition.Create(
        TableName,
        1,
        [
            new Field("run_id", StringType.Default, false),
            new Field("eta", DoubleType.Default, false),
            new Field("initial_norm", DoubleType.Default, false),
            new Field("final_norm", DoubleType.Default, false),
            new Field("max_norm", DoubleType.Default, false),
            new Field("max_norm_step", Int64Type.Default, false),
        ]);

    public string Name => StageName;

    // The pipeline delivers only the snapshots whose step is a multiple of this.
    public int SnapshotInterval => every;

    public IReadOnlyList<TableDefinition> Tables => [Table];

    // Nothing is kept across runs, so every run starts afresh; a stage with an experiment-level
    // summary returns its own IStageExperiment, which holds that state and writes it in Complete.
    public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, _) => new Run(run));

    private sealed class Run(RunInfo run) : IStageRun
    {
        private double _initial = double.NaN;
        private double _final = double.NaN;
        private double _max = double.NegativeInfinity;
        private long _maxStep = -1;

        public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                var step = batch.Step(row);
                if (batch.Member(row) != 0)
                {
                    continue;
                }

                var norm = TensorPrimitives.SumOfMagnitudes(batch.Weights(row));
                if (step == 0)
                {
                    _initial = norm;
                }

                _final = norm;
                if (norm > _max)
                {
                    (_max, _maxStep) = (norm, step);
                }
            }
        }

        public void OnCompleted(RunResult result, IStageOutput output)
        {
            output.Append(Table.Name, new RecordBatch(
                Table.Schema,
                [
                    new StringArray.Builder().Append(run.RunId).Build(),
                    new DoubleArray.Builder().Append(run.Eta).Build(),
                    new DoubleArray.Builder().Append(_initial).Build(),
                    new DoubleArray.Builder().Append(_final).Build(),
                    new DoubleArray.Builder().Append(_max).Build(),
                    new Int64Array.Builder().Append(_maxStep).Build(),
                ],
                1));
        }
    }
}
