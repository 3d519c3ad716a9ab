using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The Lyapunov and stability stage: distances between the reference and its perturbed copies, the
/// paper's finite network Lyapunov exponent per run and its summary per (dataset, architecture, eta,
/// eps), and, opt-in, Benettin's renormalised twin, the Lyapunov spectrum of the GD map, sharpness and
/// post-learning stability. Needs the member distances of every step, and the reference's snapshots
/// at every step only when a model-based estimator or the loss analyses are on.
/// </summary>
internal sealed class LyapunovStage : IAnalysisStage
{
    private readonly object _gate = new();
    private readonly List<RunExponent> _results = [];

    public LyapunovStage(LyapunovOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
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

    public IStageRun StartRun(RunInfo run, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        return new LyapunovStageRun(this, run, context);
    }

    public void Complete(IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        RunExponent[] results;
        lock (_gate)
        {
            results = [.. _results.OrderBy(r => r.Index)];
        }

        var groups = results
            .GroupBy(r => (r.Dataset, r.Architecture, r.Eta, r.Epsilon))
            .OrderBy(g => g.Min(r => r.Index))
            .ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var rows = LyapunovTables.SummaryTable.Rows(groups.Count);
        foreach (var g in groups)
        {
            var lambdas = g.Where(r => r.Kept).Select(r => r.Lambda).Order().ToArray();
            var m = lambdas.Length > 0 ? lambdas.Average() : double.NaN;
            rows.Text(g.Key.Dataset).Text(g.Key.Architecture).Real(g.Key.Eta).Real(g.Key.Epsilon)
                .Int(g.Count()).Int(lambdas.Length)
                .Real(m)
                .Real(lambdas.Length > 1 ? Math.Sqrt(lambdas.Sum(l => (l - m) * (l - m)) / (lambdas.Length - 1)) : double.NaN)
                .Real(Quantiles.Linear(lambdas, 0.05))
                .Real(Quantiles.Linear(lambdas, 0.25))
                .Real(Quantiles.Linear(lambdas, 0.50))
                .Real(Quantiles.Linear(lambdas, 0.75))
                .Real(Quantiles.Linear(lambdas, 0.95))
                .EndRow();
        }

        rows.AppendTo(output);
    }

    internal void Report(RunExponent result)
    {
        lock (_gate)
        {
            _results.Add(result);
        }
    }

    /// <summary>A run's window-fit outcome, kept for the summary.</summary>
    internal sealed record RunExponent(int Index, string Dataset, string Architecture, double Eta, double Epsilon, double Lambda, bool Kept);
}
