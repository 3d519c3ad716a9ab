using System.Globalization;
using static NetOrbit.Report.FigureStyle;

namespace NetOrbit.Report;

/// <summary>
/// The headline numbers on each training split (dataset) the runs used: lambda_nMLE and the kept
/// fraction at eta = 1 for eps = 1e-12, 1e-8 and 1e-4, and the fraction of eta = 5 runs with
/// period-3 loss plateaus. The paper used one split; this says which findings depend on it.
/// </summary>
internal static class SplitRobustness
{
    private static readonly double[] Epsilons = [1e-12, 1e-8, 1e-4];

    public static ReportItem Build(IReadOnlyList<(string Label, RunDirectory Run)> sources)
    {
        const string title = "Robustness: the headline numbers on different training splits";
        var header = new List<string> { "dataset (split)", "from" };
        header.AddRange(Epsilons.Select(e => $"lambda_nMLE at eta = 1, eps = {Eps(e)} (kept / runs)"));
        header.Add("eta = 5 runs with period-3 plateaus");
        var byDataset = new SortedDictionary<string, (List<string> From, string?[] Cells, string? Plateaus)>(StringComparer.Ordinal);
        foreach (var (label, run) in sources)
        {
            if (run.NearestEta(1) is { } edge && run.Table("lyapunov/summary") is { Rows: > 0 } s)
            {
                var (eta, eps, n, kept, mean, std, ds) = NmleSummary.Of(s);
                for (var i = 0; i < s.Rows; i++)
                {
                    var k = Array.IndexOf(Epsilons, eps[i]);
                    if (eta[i] != edge || k < 0)
                    {
                        continue;
                    }

                    var entry = Entry(ds[i], label, entry => entry.Cells[k] is null);
                    entry.Cells[k] ??= string.Create(CultureInfo.InvariantCulture, $"{(double.IsFinite(mean[i]) ? mean[i].ToString("0.000", CultureInfo.InvariantCulture) : "none kept")}{(double.IsFinite(std[i]) ? $" +- {std[i]:0.000}" : string.Empty)} ({kept[i]} / {n[i]})");
                }
            }

            if (run.NearestEta(5) is { } chaotic && run.Table("lyapunov/loss_plateaus") is { Rows: > 0 })
            {
                foreach (var dataset in run.Runs.Where(r => r.Eta == chaotic).Select(r => r.Dataset).Distinct())
                {
                    var only = run.Runs.Where(r => r.Dataset == dataset && r.Eta == chaotic).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
                    var p = PlateauStats.Of(run, chaotic, only);
                    var entry = Entry(dataset, label, entry => entry.Plateaus is null);
                    byDataset[dataset] = entry with { Plateaus = entry.Plateaus ?? $"{p.WithPlateaus} / {p.Runs} ({(p.Runs == 0 ? "n/a" : ((double)p.WithPlateaus / p.Runs).ToString("0%", CultureInfo.InvariantCulture))})" };
                }
            }
        }

        var rows = byDataset.Select(kv => (IReadOnlyList<string>)[kv.Key, string.Join(", ", kv.Value.From), .. kv.Value.Cells.Select(c => c ?? "-"), kv.Value.Plateaus ?? "-"]).ToList();
        if (rows.Count == 0)
        {
            return new ReportNote("NetOrbit vs the paper", title, "none (the paper used one split)", "skipped: needs lyapunov/summary at eta = 1 or lyapunov/loss_plateaus at eta = 5.");
        }

        return new ReportTableItem("NetOrbit vs the paper", title, "none (the paper used one split)",
            $"Each row is one dataset entry (one train/test split of the same data, named in the configuration) with its runs from {string.Join(", ", sources.Select(s => s.Label).Distinct())}: lambda_nMLE +- std at eta = 1 (lyapunov/summary) and the eta = 5 runs whose training loss shows at least one period-3 plateau (lyapunov/loss_plateaus). The paper's values: lambda_nMLE towards about {PaperComparison.PaperNmleLimit} as eps -> 0, about {PaperComparison.PaperKeptAt1e8:0%} kept at eps = 1e-8, period-3 plateaus at eta = 5. A finding that holds on every row does not depend on the split.",
            header, rows);

        // The entry of a dataset; the label is added when the value about to be set comes from it.
        (List<string> From, string?[] Cells, string? Plateaus) Entry(string dataset, string label, Func<(List<string> From, string?[] Cells, string? Plateaus), bool> contributes)
        {
            if (!byDataset.TryGetValue(dataset, out var e))
            {
                byDataset[dataset] = e = ([], new string?[Epsilons.Length], null);
            }

            if (contributes(e) && !e.From.Contains(label))
            {
                e.From.Add(label);
            }

            return e;
        }
    }
}
