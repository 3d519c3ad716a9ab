using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// Registers the <c>regimes</c> stage: single-trajectory features of each run's reference
/// (<c>regimes/features</c>) and rule-based regime labels of runs with perturbed copies
/// (<c>regimes/labels</c>); with the <c>model</c> option, each run's predicted regime
/// (<c>regimes/predictions</c>). Options are those of <see cref="RegimesOptions"/>, in snake_case.
/// </summary>
public sealed class RegimesStageFactory : StageFactory<RegimesOptions>
{
    /// <summary>The stage name, also the folder of its tables.</summary>
    public const string StageName = "regimes";

    /// <inheritdoc />
    public override string Name => StageName;

    /// <inheritdoc />
    protected override IAnalysisStage Build(RegimesOptions options) => new RegimesStage(options);
}
