using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

// The test assembly is also a plugin (--plugin NetOrbit.Tests.dll) with one stage that throws, so the
// real command line can be run with a failing third-party stage.
[assembly: NetOrbitStage(typeof(NetOrbit.Tests.Faults.ThrowingStageFactory))]

namespace NetOrbit.Tests.Faults;

/// <summary>Options of <see cref="ThrowingStageFactory"/>: the run (grid index) whose completion throws.</summary>
public sealed record ThrowingStageOptions : IStageOptions
{
    /// <summary>Grid index of the run at whose completion the stage throws.</summary>
    [OptionRange(0)]
    public int FailAtRun { get; init; } = 1;
}

/// <summary>A plugin stage that writes one row per run and throws at the completion of one run.</summary>
public sealed class ThrowingStageFactory : StageFactory<ThrowingStageOptions>
{
    public const string StageName = "test-throwing";

    public override string Name => StageName;

    protected override IAnalysisStage Build(ThrowingStageOptions options) => new ThrowingStage(options.FailAtRun);

    private sealed class ThrowingStage(int failAt) : IAnalysisStage
    {
        private static readonly TableDefinition Table = TableDefinition.Create(StageName + "/rows", 1, [new Field("run_id", StringType.Default, false)]);

        public string Name => StageName;

        public int SnapshotInterval => 0;

        public IReadOnlyList<TableDefinition> Tables => [Table];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, _) => new Run(run, failAt));

        private sealed class Run(RunInfo run, int failAt) : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
            }

            public void OnCompleted(RunResult result, IStageOutput output)
            {
                if (run.Index == failAt)
                {
                    throw new InvalidOperationException($"deliberate failure at run {run.RunId}");
                }

                var ids = new StringArray.Builder().Append(run.RunId).Build();
                output.Append(Table.Name, new RecordBatch(Table.Schema, [ids], 1));
            }
        }
    }
}
