using Apache.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The Lyapunov stage for one experiment. It keeps no state across runs: the summary per (dataset,
/// architecture, eta, eps) is computed by <see cref="Summarize"/> from the rows of
/// <c>lyapunov/exponents</c>, so a resumed or merged run directory gets the same summary.
/// </summary>
internal sealed class LyapunovExperiment(LyapunovStage stage) : IStageExperiment
{
    public IStageRun StartRun(RunInfo run, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        return new LyapunovStageRun(stage.Options, run, context);
    }

    /// <summary>
    /// <c>lyapunov/summary</c>: one row per (dataset, architecture, eta, eps) in order of first
    /// appearance in <c>lyapunov/exponents</c> (run order), from the kept window-fit exponents.
    /// </summary>
    public static void Summarize(StageSummaryInput input, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var groups = new Dictionary<(string Dataset, string Architecture, double Eta, double Epsilon), (int Runs, List<double> Kept)>();
        var order = new List<(string Dataset, string Architecture, double Eta, double Epsilon)>();
        foreach (var batch in input.Table(LyapunovTables.Exponents))
        {
            var ids = (StringArray)batch.Column("run_id");
            var eta = (DoubleArray)batch.Column("eta");
            var eps = (DoubleArray)batch.Column("epsilon");
            var lambda = (DoubleArray)batch.Column("lambda");
            var kept = (BooleanArray)batch.Column("kept");
            for (var i = 0; i < batch.Length; i++)
            {
                var id = ids.GetString(i);
                var run = input.Run(id) ?? throw new InvalidOperationException($"lyapunov/exponents names run '{id}', which is not in runs.arrow");
                var key = (run.Dataset, run.Architecture, eta.GetValue(i)!.Value, eps.GetValue(i)!.Value);
                if (!groups.TryGetValue(key, out var g))
                {
                    g = (0, []);
                    order.Add(key);
                }

                if (kept.GetValue(i) == true)
                {
                    g.Kept.Add(lambda.GetValue(i)!.Value);
                }

                groups[key] = (g.Runs + 1, g.Kept);
            }
        }

        if (order.Count == 0)
        {
            return;
        }

        var rows = LyapunovTables.SummaryTable.Rows(order.Count);
        foreach (var key in order)
        {
            var (runs, keptList) = groups[key];
            var lambdas = keptList.Order().ToArray();
            var m = lambdas.Length > 0 ? lambdas.Average() : double.NaN;
            rows.Text(key.Dataset).Text(key.Architecture).Real(key.Eta).Real(key.Epsilon)
                .Int(runs).Int(lambdas.Length)
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
