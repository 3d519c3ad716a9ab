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

        var dataset = new List<string>();
        var architecture = new List<string>();
        List<double> eta = [], eps = [], mean = [], std = [], q05 = [], q25 = [], q50 = [], q75 = [], q95 = [];
        List<int> runs = [], kept = [];
        foreach (var g in groups)
        {
            var lambdas = g.Where(r => r.Kept).Select(r => r.Lambda).Order().ToArray();
            dataset.Add(g.Key.Dataset);
            architecture.Add(g.Key.Architecture);
            eta.Add(g.Key.Eta);
            eps.Add(g.Key.Epsilon);
            runs.Add(g.Count());
            kept.Add(lambdas.Length);
            var m = lambdas.Length > 0 ? lambdas.Average() : double.NaN;
            mean.Add(m);
            std.Add(lambdas.Length > 1 ? Math.Sqrt(lambdas.Sum(l => (l - m) * (l - m)) / (lambdas.Length - 1)) : double.NaN);
            q05.Add(Quantiles.Linear(lambdas, 0.05));
            q25.Add(Quantiles.Linear(lambdas, 0.25));
            q50.Add(Quantiles.Linear(lambdas, 0.50));
            q75.Add(Quantiles.Linear(lambdas, 0.75));
            q95.Add(Quantiles.Linear(lambdas, 0.95));
        }

        var ds = new Apache.Arrow.StringArray.Builder().AppendRange(dataset).Build();
        var arch = new Apache.Arrow.StringArray.Builder().AppendRange(architecture).Build();
        output.Append(LyapunovTables.Summary, LyapunovTables.Build(
            LyapunovTables.SummaryTable,
            groups.Count,
            ds,
            arch,
            LyapunovTables.Doubles(eta),
            LyapunovTables.Doubles(eps),
            LyapunovTables.Ints(runs),
            LyapunovTables.Ints(kept),
            LyapunovTables.Doubles(mean),
            LyapunovTables.Doubles(std),
            LyapunovTables.Doubles(q05),
            LyapunovTables.Doubles(q25),
            LyapunovTables.Doubles(q50),
            LyapunovTables.Doubles(q75),
            LyapunovTables.Doubles(q95)));
    }
}
