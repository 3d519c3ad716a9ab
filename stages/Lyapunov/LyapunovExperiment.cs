using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The Lyapunov stage's state for one experiment: each run's window-fit exponent, kept for the
/// summary per (dataset, architecture, eta, eps) written when every run has completed.
/// </summary>
internal sealed class LyapunovExperiment(LyapunovStage stage) : IStageExperiment
{
    private readonly List<LyapunovStage.RunExponent> _results = [];

    public IStageRun StartRun(RunInfo run, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        return new LyapunovStageRun(stage.Options, this, run, context);
    }

    public void Report(LyapunovStage.RunExponent result) => _results.Add(result);

    public void Complete(IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        LyapunovStage.RunExponent[] results = [.. _results.OrderBy(r => r.Index)];
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
}
