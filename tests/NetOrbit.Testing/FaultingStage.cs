using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Testing;

/// <summary>A stage beside the stage under test that throws on its third call, so the kit can see what the failure of another stage leaves of the tested one.</summary>
internal sealed class FaultingStage : IAnalysisStage
{
    public const string StageName = "conformance-fault";

    private const int FailAtCall = 3;

    public string Name => StageName;

    public int SnapshotInterval => 1;

    public IReadOnlyList<TableDefinition> Tables { get; } = [TableDefinition.Create(StageName + "/rows", 1, [new Field("x", DoubleType.Default, false)])];

    public IStageExperiment Start(StageContext context)
    {
        var calls = 0;
        return new PerRunExperiment((_, _) => new Run(() =>
        {
            if (++calls == FailAtCall)
            {
                throw new InjectedFaultException(StageName, $"call {FailAtCall}");
            }
        }));
    }

    private sealed class Run(Action call) : IStageRun
    {
        public void OnSnapshots(SnapshotBatch batch, IStageOutput output) => call();

        public void OnCompleted(RunResult result, IStageOutput output) => call();
    }
}
