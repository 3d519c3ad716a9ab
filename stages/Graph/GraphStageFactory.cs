using NetOrbit.Graph;
using NetOrbit.Stages;

[assembly: NetOrbitStage(typeof(GraphStageFactory))]

namespace NetOrbit.Graph;

/// <summary>
/// Registers the <c>graph</c> stage: network-graph metrics of every k-th snapshot and the paper's
/// per-trajectory weight analyses. Configuration: <c>"stages": { "graph": { ...GraphOptions } }</c>.
/// </summary>
public sealed class GraphStageFactory : StageFactory<GraphOptions>
{
    /// <summary>The stage name and table prefix.</summary>
    public const string StageName = "graph";

    /// <inheritdoc />
    public override string Name => StageName;

    /// <summary>Builds the stage from options given in code; throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static IAnalysisStage CreateStage(GraphOptions options) => new GraphStageFactory().Create(options);

    /// <inheritdoc />
    protected override IAnalysisStage Build(GraphOptions options) => new GraphStage(options);
}
