using NetOrbit.Arrow;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// The regimes stage: snapshots of the reference every <c>every</c> steps for the features, and the
/// member distances of every step for the exponent behind the labels; with the <c>model</c> option,
/// each run's features (and the timeline's windows) classified by the model: the built-in one by default. Keeps nothing across runs.
/// </summary>
internal sealed class RegimesStage(RegimesOptions options) : IAnalysisStage
{
    public string Name => RegimesStageFactory.StageName;

    public int SnapshotInterval => options.Every;

    public bool ReferenceSnapshotsOnly => true;

    public bool UsesMemberDistances => true;

    public IReadOnlyList<TableDefinition> Tables { get; } = [RegimesTables.FeaturesTable, RegimesTables.LabelsTable, RegimesTables.PredictionsTable, RegimesTables.TimelineTable];

    public IStageExperiment Start(StageContext context)
    {
        // The model is loaded once per experiment and shared by its runs.
        var classifier = options.Model switch
        {
            RegimesOptions.NoModel => null,
            RegimesOptions.BuiltInModel => RegimeClassifier.BuiltIn,
            var path => RegimeClassifier.Load(path),
        };
        return new PerRunExperiment((run, ctx) => new RegimesRun(options, run, ctx.Dataset.ClassCount, classifier));
    }
}
