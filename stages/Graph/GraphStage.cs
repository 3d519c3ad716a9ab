using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Graph;

/// <summary>The <c>graph</c> stage blueprint: immutable options; all state lives in <see cref="GraphStageRun"/>.</summary>
internal sealed class GraphStage(GraphOptions options) : IAnalysisStage
{
    public GraphOptions Options { get; } = options;

    public string Name => GraphStageFactory.StageName;

    public int SnapshotInterval => Options.SnapshotInterval;

    public IReadOnlyList<TableDefinition> Tables => GraphTables.All;

    /// <summary>Every table is per run; there is no experiment-level state.</summary>
    public IStageExperiment Start(StageContext context) => new PerRunExperiment(StartRun);

    internal IStageRun StartRun(RunInfo run, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        if (Options.Ablation != GraphMemberSelection.None && Options.AblationLayer >= run.Layout.LayerCount)
        {
            throw new ArgumentException(
                $"graph.ablation_layer: {Options.AblationLayer} is out of range for network {run.Layout.Architecture} of run {run.RunId}: allowed [0, {run.Layout.LayerCount - 1}]");
        }

        return new GraphStageRun(Options, run, context);
    }
}
