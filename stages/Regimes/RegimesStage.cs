using NetOrbit.Arrow;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// The regimes stage: snapshots of the reference every <c>every</c> steps for the features, and the
/// member distances of every step for the exponent behind the labels. Keeps nothing across runs.
/// </summary>
internal sealed class RegimesStage(RegimesOptions options) : IAnalysisStage
{
    public string Name => RegimesStageFactory.StageName;

    public int SnapshotInterval => options.Every;

    public bool UsesMemberDistances => true;

    public IReadOnlyList<TableDefinition> Tables { get; } = [RegimesTables.FeaturesTable, RegimesTables.LabelsTable];

    public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, ctx) => new RegimesRun(options, run, ctx.Dataset.ClassCount));
}
