using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

// A second stage of the test assembly as a plugin (--plugin NetOrbit.Tests.dll): one that writes an
// experiment-level row without IStageSummary, which a resumed run must refuse.
[assembly: NetOrbitStage(typeof(NetOrbit.Tests.Cli.ExperimentCountStageFactory))]

namespace NetOrbit.Tests.Cli;

/// <summary>Options of <see cref="ExperimentCountStageFactory"/> (none).</summary>
public sealed record ExperimentCountStageOptions : IStageOptions;

/// <summary>A plugin stage that counts the runs it saw and writes the count when the experiment completes (state across runs, no summary).</summary>
public sealed class ExperimentCountStageFactory : StageFactory<ExperimentCountStageOptions>
{
    public const string StageName = "test-experiment-count";

    public override string Name => StageName;

    protected override IAnalysisStage Build(ExperimentCountStageOptions options) => new ExperimentCountStage();

    private sealed class ExperimentCountStage : IAnalysisStage
    {
        private static readonly TableDefinition Table = TableDefinition.Create(StageName + "/runs", 1, [new Field("runs", Int32Type.Default, false)]);

        public string Name => StageName;

        public int SnapshotInterval => 0;

        public IReadOnlyList<TableDefinition> Tables => [Table];

        public IStageExperiment Start(StageContext context) => new Experiment();

        private sealed class Experiment : IStageExperiment
        {
            private int _runs;

            public IStageRun StartRun(RunInfo run, RunContext context) => new Run(this);

            public void Complete(IStageOutput output) =>
                output.Append(Table.Name, new RecordBatch(Table.Schema, [new Int32Array.Builder().Append(_runs).Build()], 1));

            private sealed class Run(Experiment experiment) : IStageRun
            {
                public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
                {
                }

                public void OnCompleted(RunResult result, IStageOutput output) => experiment._runs++;
            }
        }
    }
}
