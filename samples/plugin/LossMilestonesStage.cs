using System.Text.Json;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Stages;

[assembly: NetOrbitStage(typeof(NetOrbit.Samples.Plugin.LossMilestonesFactory))]

namespace NetOrbit.Samples.Plugin;

/// <summary>
/// Sample plugin stage "loss-milestones": for every member of every run, the first step at which
/// the training accuracy reached <c>accuracy</c> (default 0.9) and the lowest loss seen.
/// </summary>
public sealed class LossMilestonesFactory : IStageFactory
{
    /// <inheritdoc />
    public string Name => "loss-milestones";

    /// <inheritdoc />
    public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors)
    {
        var o = new JsonOptions(options, path, errors);
        var accuracy = o.Double("accuracy", 0.9, 0, 1);
        var every = o.Int("every", 1, 1);
        o.RejectUnknown();
        return errors.IsEmpty ? new LossMilestonesStage(accuracy, every) : null;
    }
}

internal sealed class LossMilestonesStage(double accuracy, int every) : IAnalysisStage
{
    private static readonly TableDefinition Table = TableDefinition.Create(
        "loss-milestones/members",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Int32("member"),
            TableFields.Int64("first_step_at_accuracy"),
            TableFields.Float64("min_loss"),
            TableFields.Int64("min_loss_step"),
        ]);

    public string Name => "loss-milestones";

    public int SnapshotInterval => every;

    public IReadOnlyList<TableDefinition> Tables => [Table];

    public IStageRun StartRun(RunInfo run, RunContext context) => new Run(run, accuracy, every);

    public void Complete(IStageOutput output)
    {
    }

    private sealed class Run(RunInfo run, double accuracy, int every) : IStageRun
    {
        private readonly long[] _first = Enumerable.Repeat(-1L, run.Members).ToArray();
        private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, run.Members).ToArray();
        private readonly long[] _minStep = new long[run.Members];

        public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                var (m, step) = (batch.Member(row), batch.Step(row));
                if (step % every != 0)
                {
                    continue;
                }

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
