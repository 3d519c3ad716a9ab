using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The Lyapunov and stability stage: distances between the reference and its perturbed copies, the
/// paper's finite network Lyapunov exponent per run and its summary per (dataset, architecture, eta,
/// eps), and, opt-in, Benettin's renormalised twin, the Lyapunov spectrum of the GD map, sharpness and
/// post-learning stability. Needs the member distances of every step, and the reference's snapshots
/// at every step only when a model-based estimator or the loss analyses are on. The blueprint is
/// immutable; the summary is computed from <c>lyapunov/exponents</c> (<see cref="IStageSummary"/>), so
/// resumed and merged run directories get the same one.
/// </summary>
internal sealed class LyapunovStage : IAnalysisStage, IStageSummary
{
    public LyapunovStage(LyapunovOptions options)
    {
        ArgumentNullException.ThrowIfNull(options); // validated by LyapunovStageFactory, the only caller
        Options = options;
        // Every table is declared whatever the options, so the schema of a run directory does not
        // depend on which estimators were enabled; disabled estimators leave their tables empty.
        Tables =
        [
            LyapunovTables.DistancesTable,
            LyapunovTables.ExponentsTable,
            LyapunovTables.SummaryTable,
            LyapunovTables.BenettinTable,
            LyapunovTables.SpectrumTable,
            LyapunovTables.SharpnessTable,
            LyapunovTables.PostLearningTable,
            LyapunovTables.LossKantzTable,
            LyapunovTables.LossAcfTable,
            LyapunovTables.LossPlateausTable,
        ];
    }

    public LyapunovOptions Options { get; }

    public string Name => LyapunovStageFactory.StageName;

    /// <summary>
    /// Every step when an estimator follows the reference (Benettin, spectrum, sharpness,
    /// post-learning, the loss series); otherwise none: the twin-trajectory estimator needs only the
    /// member distances, which the trainer computes at every step.
    /// </summary>
    public int SnapshotInterval => Options.NeedsModel || Options.Loss.Enabled ? 1 : 0;

    public bool UsesMemberDistances => true;

    public IReadOnlyList<TableDefinition> Tables { get; }

    public IStageExperiment Start(StageContext context) => new LyapunovExperiment(this);

    public IReadOnlyList<string> SummaryTables { get; } = [LyapunovTables.Summary];

    public void Summarize(StageSummaryInput input, IStageOutput output) => LyapunovExperiment.Summarize(input, output);
}
