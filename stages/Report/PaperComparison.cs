using static NetOrbit.Report.FigureStyle;

namespace NetOrbit.Report;

/// <summary>
/// The table "NetOrbit vs the paper": the run's lambda_nMLE(eps) at eta = 1 with its spread and kept
/// fraction, and its final losses and accuracies at eta = 0.01, 1 and 5, beside the values the paper
/// publishes.
/// </summary>
internal static class PaperComparison
{
    /// <summary>Where the published values come from.</summary>
    public const string Source = "Danovski, Soriano & Lacasa, Frontiers in Complex Systems 2:1367957 (2024), arXiv:2404.05782 (its text and figures for Iris)";

    /// <summary>The paper's lambda_nMLE as eps -> 0 at eta = 1 (per iteration).</summary>
    public const double PaperNmleLimit = 0.33;

    /// <summary>The paper's fraction of initial conditions kept at eps = 1e-8, eta = 1.</summary>
    public const double PaperKeptAt1e8 = 0.90;

    /// <summary>The paper's final training loss range at eta = 0.01 after 5000 steps (nats).</summary>
    public static readonly (double Low, double High) PaperLossLowEta = (0.2, 0.3);

    /// <summary>The paper's final training loss range at eta = 1 (nats).</summary>
    public static readonly (double Low, double High) PaperLossEdge = (0.02, 0.05);

    /// <summary>The table of one run directory.</summary>
    public static ReportItem Build(RunDirectory run, FigureNeeds needs) => Build(_ => (run, needs));

    /// <summary>
    /// The table with each row from the run directory <paramref name="source"/> gives for its key:
    /// <c>nmle</c> (lambda_nMLE at eta = 1), <c>loss-low</c>, <c>loss-edge</c> and <c>chaotic</c> (eta = 5:
    /// accuracy and period-3 plateaus).
    /// </summary>
    public static ReportItem Build(Func<string, (RunDirectory Run, FigureNeeds Needs)> source)
    {
        const string title = "NetOrbit vs the paper";
        const string section = "NetOrbit vs the paper";
        const string fig = "Fig. 8 and the text";
        var header = new[] { "quantity", "eta", "eps", "NetOrbit (this run)", "runs kept / runs", "the paper" };
        var rows = new List<IReadOnlyList<string>>();
        var (run, needs) = source("nmle");
        var edge = run.NearestEta(1);
        if (run.Table("lyapunov/summary") is { Rows: > 0 } s && edge is not null)
        {
            var (eta, eps, n, kept, mean, std, ds) = NmleSummary.Of(s);
            foreach (var i in Enumerable.Range(0, s.Rows).Where(i => eta[i] == edge).OrderBy(i => ds[i], StringComparer.Ordinal).ThenByDescending(i => eps[i]))
            {
                var paper = eps[i] == 1e-8
                    ? $"about {PaperKeptAt1e8 * 100:0}% kept at eps = 1e-8; lambda_nMLE grows as eps shrinks, towards about {PaperNmleLimit} as eps -> 0"
                    : $"grows as eps shrinks, towards about {PaperNmleLimit} as eps -> 0";
                var fraction = n[i] > 0 ? (double)kept[i] / n[i] : double.NaN;
                rows.Add([$"lambda_nMLE +- std (per iteration){(run.Runs.Select(r => r.Dataset).Distinct().Count() > 1 ? ", " + ds[i] : string.Empty)}", Number(eta[i]), Eps(eps[i]),
                    double.IsFinite(mean[i]) ? $"{mean[i]:0.000} +- {(double.IsFinite(std[i]) ? std[i].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}" : "none kept",
                    $"{kept[i]} / {n[i]} ({(double.IsFinite(fraction) ? fraction.ToString("0%", System.Globalization.CultureInfo.InvariantCulture) : "n/a")})", paper]);
            }
        }
        else
        {
            rows.Add(["lambda_nMLE", "1", "-", needs.Missing(section, title, fig, "lyapunov/summary")?.Text ?? "no run near eta = 1", "-", $"towards about {PaperNmleLimit} as eps -> 0; about {PaperKeptAt1e8 * 100:0}% kept at eps = 1e-8"]);
        }

        void LossRow(string key, double target, string paper, bool accuracy)
        {
            var (r, _) = source(key);
            var e = r.NearestEta(target);
            var rs = e is null ? [] : r.Runs.Where(x => x.Eta == e && x.Status == "ok").GroupBy(x => (x.Dataset, x.InitialCondition)).Select(g => g.First()).ToArray();
            var values = rs.Select(x => accuracy ? x.FinalAccuracy : x.FinalLoss).Where(double.IsFinite).Order().ToArray();
            var text = values.Length == 0 ? "no run" : $"median {values[values.Length / 2]:0.000}, range {values[0]:0.000} - {values[^1]:0.000} after {rs[0].Steps} steps";
            rows.Add([accuracy ? "final training accuracy" : "final training loss (nats)", e is null ? Number(target) : Number(e.Value), "-", text, $"{values.Length} initial conditions", paper]);
        }

        LossRow("loss-low", 0.01, $"{PaperLossLowEta.Low} - {PaperLossLowEta.High}, falling monotonically (5000 steps)", false);
        LossRow("loss-edge", 1, $"{PaperLossEdge.Low} - {PaperLossEdge.High} after an early non-monotonic phase", false);
        rows.Add(PlateauRow(source("chaotic")));
        LossRow("chaotic", 5, "near chance (1/3 on Iris); loss alternating between period-3 plateaus (L about 4-15), noisy bands (1.1-2.4) and ln 3", true);
        return new ReportTableItem(section, title, fig,
            $"Measured by this run (lyapunov/summary, lyapunov/loss_plateaus, runs) beside the published values; source of the published values: {Source}. Runs that diverged are left out of the loss rows. A run with fewer steps, initial conditions or perturbation sizes than the paper's is not expected to match it to the digit.",
            header, rows);
    }

    /// <summary>The fraction of runs near eta = 5 whose loss shows period-3 plateaus (lyapunov/loss_plateaus).</summary>
    private static IReadOnlyList<string> PlateauRow((RunDirectory Run, FigureNeeds Needs) source)
    {
        const string quantity = "runs with period-3 loss plateaus";
        const string paper = "plateaus at L about 4-15 alternate with noisy bands and collapses (Fig. 9)";
        var (run, needs) = source;
        var e = run.NearestEta(5);
        if (e is null)
        {
            return [quantity, "5", "-", "no run near eta = 5", "-", paper];
        }

        if (needs.Missing("NetOrbit vs the paper", quantity, "Fig. 9", "lyapunov/loss_plateaus") is { } note)
        {
            return [quantity, Number(e.Value), "-", note.Text, "-", paper];
        }

        var p = PlateauStats.Of(run, e.Value);
        return [quantity, Number(e.Value), "-", p.Describe(), $"{p.WithPlateaus} / {p.Runs}", paper];
    }
}

/// <summary>The columns of lyapunov/summary that the comparison and robustness tables read.</summary>
internal readonly record struct NmleSummary(double[] Eta, double[] Epsilon, long[] Runs, long[] Kept, double[] Mean, double[] Std, string[] Dataset)
{
    public static NmleSummary Of(ReportTable s) =>
        new(s.Doubles("eta"), s.Doubles("epsilon"), s.Longs("runs"), s.Longs("kept"), s.Doubles("nmle_mean"), s.Doubles("nmle_std"), s.Strings("dataset"));
}

/// <summary>Period-3 plateau counts of the runs at one learning rate (lyapunov/loss_plateaus).</summary>
internal readonly record struct PlateauStats(int Runs, int WithPlateaus, double MedianFraction, double MedianLoss, int Steps)
{
    public static PlateauStats Of(RunDirectory run, double eta, IReadOnlySet<string>? only = null)
    {
        var t = run.Table("lyapunov/loss_plateaus");
        if (t is null)
        {
            return new PlateauStats(0, 0, double.NaN, double.NaN, 0);
        }

        var etas = t.Doubles("eta");
        var count = t.Longs("plateaus");
        var fraction = t.Doubles("plateau_fraction");
        var loss = t.Doubles("median_loss");
        var points = t.Longs("points");
        var ids = t.Strings("run_id");
        var rows = Enumerable.Range(0, t.Rows).Where(i => etas[i] == eta && (only is null || only.Contains(ids[i]))).ToArray();
        var with = rows.Where(i => count[i] > 0).ToArray();
        static double Median(IEnumerable<double> v) => LrScan.LrScanAnalysis.Median([.. v.Where(double.IsFinite)]);

        return new PlateauStats(rows.Length, with.Length, Median(with.Select(i => fraction[i])), Median(with.Select(i => loss[i])), rows.Length == 0 ? 0 : (int)points[rows[0]]);
    }

    public string Describe() => Runs == 0
        ? "no run"
        : WithPlateaus == 0
            ? $"0% of {Runs} runs ({Steps} loss points each)"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(double)WithPlateaus / Runs:0%} of {Runs} runs; in those, median {MedianFraction:0.0%} of the steps in plateaus at median loss {MedianLoss:0.0} ({Steps} loss points each)");
}
