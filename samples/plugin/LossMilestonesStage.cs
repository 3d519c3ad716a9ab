using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

[assembly: NetOrbitStage(typeof(NetOrbit.Samples.Plugin.LossMilestonesFactory))]

namespace NetOrbit.Samples.Plugin;

/// <summary>Options of the sample stage, bound from its JSON object (<c>accuracy</c>, <c>every</c>) by NetOrbit.</summary>
public sealed record LossMilestonesOptions : IStageOptions
{
    /// <summary><c>accuracy</c>: the training accuracy whose first step is recorded, in [0, 1]; default 0.9.</summary>
    [OptionRange(0, 1)]
    public double Accuracy { get; init; } = 0.9;

    /// <summary><c>every</c>: the stage looks at every k-th step, k &gt;= 1; default 1.</summary>
    [OptionRange(1)]
    public int Every { get; init; } = 1;
}

/// <summary>
/// Sample plugin stage "loss-milestones": for every member of every run, the first step at which
/// the training accuracy reached <c>accuracy</c> (default 0.9) and the lowest loss seen.
/// </summary>
public sealed class LossMilestonesFactory : StageFactory<LossMilestonesOptions>
{
    /// <summary>The stage's name: configurations enable it under it, and its tables start with it.</summary>
    public const string StageName = "loss-milestones";

    /// <inheritdoc />
    public override string Name => StageName;

    /// <inheritdoc />
    protected override IAnalysisStage Build(LossMilestonesOptions options) => new LossMilestonesStage(options.Accuracy, options.Every);
}

internal sealed class LossMilestonesStage(double accuracy, int every) : IAnalysisStage
{
    private static readonly TableDefinition Table = TableDefinition.Create(
        LossMilestonesFactory.StageName + "/members",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Int32("member"),
            TableFields.Int64("first_step_at_accuracy"),
            TableFields.Float64("min_loss"),
            TableFields.Int64("min_loss_step"),
        ]);

    public string Name => LossMilestonesFactory.StageName;

    // The pipeline delivers only the snapshots whose step is a multiple of this.
    public int SnapshotInterval => every;

    public IReadOnlyList<TableDefinition> Tables => [Table];

    // Nothing is kept across runs: every run starts afresh.
    public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, _) => new Run(run, accuracy));

    private sealed class Run(RunInfo run, double accuracy) : IStageRun
    {
        private readonly long[] _first = Enumerable.Repeat(-1L, run.Members).ToArray();
        private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, run.Members).ToArray();
        private readonly long[] _minStep = new long[run.Members];

        public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                var (m, step) = (batch.Member(row), batch.Step(row));
                if (_first[m] < 0 && batch.Accuracy(row) >= accuracy)
                {
                    _first[m] = step;
                }

                if (batch.Loss(row) < _min[m])
                {
                    (_min[m], _minStep[m]) = (batch.Loss(row), step);
                }
            }
        }

        public void OnCompleted(RunResult result, IStageOutput output)
        {
            // One row per member; the run id fills the first column of every row.
            var rows = Table.Rows(run.Members, run.RunId);
            for (var m = 0; m < run.Members; m++)
            {
                rows.Int(m).Long(_first[m]).Real(_min[m]).Long(_minStep[m]).EndRow();
            }

            output.Append(Table.Name, rows.Build());
        }
    }
}
