using ScottPlot;
using static NetOrbit.Report.FigureStyle;

namespace NetOrbit.Report;

/// <summary>What NetOrbit measures beyond the paper: the regime map against eta, recurrence, graph metrics, spectrum.</summary>
internal sealed class BeyondFigures(RunDirectory run, FigureNeeds needs)
{
    public const string Section = "Beyond the paper";
    private const string EtaAxis = "learning rate eta (log10)";

    public IEnumerable<ReportItem> All() => Generators.SelectMany(g => g.Make());

    /// <summary>The figures by report key (a study's parts name the keys they are meant to draw), in report order.</summary>
    public IReadOnlyList<(string Key, Func<IEnumerable<ReportItem>> Make)> Generators =>
        [("regime-map-predicted", () => RegimeMap("regimes/predictions", "Regime map: the classifier's regime against eta", "regime-map-predicted", "the built-in classifier's predicted regime of each run's reference trajectory (regimes/predictions)")),
         ("regime-map-rules", () => RegimeMap("regimes/labels", "Regime map: the rule label against eta", "regime-map-rules", "the rule-based regime label of each run (regimes/labels: the lyapunov window fit and the loss)")),
         ("exponent", Exponent), ("sharpness", Sharpness), ("test-accuracy", TestAccuracy), ("time-to-90", TimeTo90), ("confusion", Confusion),
         ("recurrence-plots", RecurrencePlots), ("rqa", Rqa), ("graph", GraphMetrics), ("spectrum", Spectrum)];

    private IEnumerable<ReportItem> RegimeMap(string table, string title, string id, string what)
    {
        const string fig = "none (beyond the paper)";
        if (needs.Missing(Section, title, fig, table) is { } note)
        {
            return [note];
        }

        var t = run.Table(table)!;
        var ids = t.Strings("run_id");
        var regime = t.Strings("regime");
        var byEta = new SortedDictionary<double, Dictionary<string, int>>();
        for (var i = 0; i < t.Rows; i++)
        {
            if (!run.ById.TryGetValue(ids[i], out var r))
            {
                continue;
            }

            if (!byEta.TryGetValue(r.Eta, out var counts))
            {
                byEta[r.Eta] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            counts[regime[i]] = counts.GetValueOrDefault(regime[i]) + 1;
        }

        var plot = New(title, EtaAxis, "fraction of runs in the regime");
        double[] etas = [.. byEta.Keys];
        foreach (var name in Regimes)
        {
            double[] frac = [.. byEta.Values.Select(c => (double)c.GetValueOrDefault(name) / c.Values.Sum())];
            if (frac.All(f => f == 0))
            {
                continue;
            }

            var s = Line(plot, etas, frac, RegimeColors[name], 2f, name, logX: true);
            s.MarkerSize = 7;
        }

        LogX(plot);
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend();
        return [new ReportFigure(Section, id, title, fig,
            $"For each learning rate in the run, the fraction of its runs in each regime: {what}. Regime colours are the same in every figure.", plot)];
    }

    private IEnumerable<ReportItem> Exponent()
    {
        const string title = "Maximal exponent against eta", fig = "none (beyond the paper; the paper's Fig. 8 at one eta)";
        if (needs.Missing(Section, title, fig, "lyapunov/exponents") is { } note)
        {
            return [note];
        }

        var t = run.Table("lyapunov/exponents")!;
        var eta = t.Doubles("eta");
        var lam = t.Doubles("lambda");
        var kept = t.Bools("kept");
        var plot = New(title, EtaAxis, "Lambda, slope of ln m(t) (per iteration)");
        var k = Enumerable.Range(0, t.Rows).Where(i => kept[i]).ToArray();
        var n = Enumerable.Range(0, t.Rows).Where(i => !kept[i]).ToArray();
        Dots(plot, [.. n.Select(i => eta[i])], [.. n.Select(i => lam[i])], Colors.Gray.WithAlpha(0.5), 4, $"not kept ({n.Length})", logX: true);
        Dots(plot, [.. k.Select(i => eta[i])], [.. k.Select(i => lam[i])], Series(0).WithAlpha(0.7), 5, $"kept ({k.Length})", logX: true);
        var means = k.GroupBy(i => eta[i]).OrderBy(g => g.Key).Select(g => (g.Key, g.Average(i => lam[i]))).ToArray();
        Line(plot, [.. means.Select(m => m.Key)], [.. means.Select(m => m.Item2)], Colors.Black, 2f, "mean of kept", logX: true);
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        LogX(plot);
        plot.ShowLegend();
        return [new ReportFigure(Section, "exponent-eta", title, fig,
            "The finite network Lyapunov exponent of every run with perturbed copies against its learning rate; kept runs pass the paper's filter (R^2 > 0.9, Lambda > 0.05). Table: lyapunov/exponents.", plot)];
    }

    private IEnumerable<ReportItem> Sharpness()
    {
        const string title = "Sharpness x eta / 2 against eta", fig = "none (beyond the paper; Cohen et al. 2021)";
        if (needs.Missing(Section, title, fig, "lyapunov/sharpness") is { } note)
        {
            return [note];
        }

        var t = run.Table("lyapunov/sharpness")!;
        var ids = t.Strings("run_id");
        var step = t.Longs("step");
        var ratio = t.Doubles("edge_ratio");
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < t.Rows; i++)
        {
            if (!last.TryGetValue(ids[i], out var j) || step[i] >= step[j])
            {
                last[ids[i]] = i;
            }
        }

        var rows = last.Where(p => run.ById.ContainsKey(p.Key)).OrderBy(p => run.ById[p.Key].Index).ToArray();
        var plot = New(title, EtaAxis, "sharpness x eta / 2 at the last step (log10)");
        Dots(plot, [.. rows.Select(p => run.ById[p.Key].Eta)], [.. rows.Select(p => ratio[p.Value])], Series(1), 6, logX: true, logY: true);
        plot.Add.HorizontalLine(0, 1.5f, Colors.Red, LinePattern.Dashed);
        LogX(plot);
        LogY(plot);
        return [new ReportFigure(Section, "sharpness-eta", title, fig,
            "Top Hessian eigenvalue of the reference's training loss at its last measured step, times eta / 2, per run; the dashed line is 1 (sharpness = 2 / eta, the edge of stability). Table: lyapunov/sharpness.", plot)];
    }

    private IEnumerable<ReportItem> TestAccuracy()
    {
        const string title = "Test accuracy against eta", fig = "none (beyond the paper)";
        var rows = run.Runs.Where(r => double.IsFinite(r.FinalTestAccuracy)).ToArray();
        if (rows.Length == 0)
        {
            return [new ReportNote(Section, title, fig, "not drawn: runs.arrow has no finite final_test_accuracy (no test split).")];
        }

        var plot = New(title, EtaAxis, "final test accuracy (fraction correct)");
        Dots(plot, [.. rows.Select(r => r.Eta)], [.. rows.Select(r => r.FinalTestAccuracy)], Series(2).WithAlpha(0.5), 5, "runs", logX: true);
        var means = rows.GroupBy(r => r.Eta).OrderBy(g => g.Key).ToArray();
        Line(plot, [.. means.Select(g => g.Key)], [.. means.Select(g => g.Average(r => r.FinalTestAccuracy))], Colors.Black, 2f, "mean", logX: true);
        LogX(plot);
        plot.ShowLegend();
        return [new ReportFigure(Section, "test-accuracy-eta", title, fig,
            "Test accuracy of each run's reference network at the end of training, against the learning rate, and the mean per eta. Table: runs.", plot)];
    }

    private IEnumerable<ReportItem> TimeTo90()
    {
        const string title = "Time to 90% test accuracy against eta", fig = "none (the follow-up, arXiv:2506.08523)";
        if (!run.HasTrajectories)
        {
            return [needs.TrajectoryNote(Section, title, fig)];
        }

        var reached = new List<(double Eta, double Step)>();
        var never = new Dictionary<double, int>();
        foreach (var r in run.Runs.GroupBy(r => (r.Dataset, r.Architecture, r.Eta, r.InitialCondition)).Select(g => g.First()))
        {
            if (run.Trajectory(r.RunId) is not { } t || !t.TestAccuracy.Any(double.IsFinite))
            {
                continue;
            }

            var i = Array.FindIndex(t.TestAccuracy, a => a >= 0.9);
            if (i >= 0)
            {
                reached.Add((r.Eta, t.Steps[i]));
            }
            else
            {
                never[r.Eta] = never.GetValueOrDefault(r.Eta) + 1;
            }
        }

        if (reached.Count == 0 && never.Count == 0)
        {
            return [new ReportNote(Section, title, fig, "not drawn: the trajectories hold no test accuracy (no test split or evaluation).")];
        }

        var plot = New(title, EtaAxis, "first evaluated step with test accuracy >= 0.9 (log10)");
        Dots(plot, [.. reached.Select(p => p.Eta)], [.. reached.Select(p => p.Step)], Series(0).WithAlpha(0.6), 5, $"reached ({reached.Count} initial conditions)", logX: true, logY: true);
        var med = reached.GroupBy(p => p.Eta).OrderBy(g => g.Key).Select(g => (g.Key, Median([.. g.Select(p => p.Step)]))).ToArray();
        Line(plot, [.. med.Select(m => m.Key)], [.. med.Select(m => m.Item2)], Colors.Black, 2f, "median of those that reached it", logX: true, logY: true);
        LogX(plot);
        LogY(plot);
        plot.ShowLegend();
        var neverText = never.Count == 0 ? "every initial condition reached it" : "never reached: " + string.Join(", ", never.OrderBy(p => p.Key).Select(p => $"{p.Value} at eta = {Number(p.Key)}"));
        return [new ReportFigure(Section, "time-to-90-eta", title, fig,
            $"For each initial condition (one per eta), the first recorded step at which the reference's test accuracy is at least 0.9, log scale; {neverText}. Resolution: the trajectory's evaluation interval. {FastestVersusOnsetText()} Tables: trajectories, lyapunov/exponents.", plot)];
    }

    /// <summary>
    /// The follow-up's question answered from the data (<see cref="LrScan.FastestVersusOnset"/>, the rule netorbit lr-scan
    /// prints): the eta with the shortest median time to 0.9 (a never-reached initial condition counting as infinitely slow),
    /// the smallest eta whose exponent is positive, and whether they are within one step of this run's eta grid.
    /// </summary>
    private string FastestVersusOnsetText()
    {
        var groups = LrScan.LrScanResult.From(run, 0.9).Groups;
        return string.Join(" ", groups.Select(g => (groups.Count > 1 ? $"{g.Dataset} {g.Architecture}: " : string.Empty) + g.Answer.Sentence))
            + " (Median time over the initial conditions, a never-reached one counting as infinitely slow; one grid step is one step of this run's eta grid.)";
    }

    private IEnumerable<ReportItem> Confusion()
    {
        const string title = "Classifier against the rule labels", fig = "none (beyond the paper)";
        if (needs.Missing(Section, title, fig, "regimes/predictions", "regimes/labels") is { } note)
        {
            return [note];
        }

        var p = run.Table("regimes/predictions")!;
        var l = run.Table("regimes/labels")!;
        var rule = l.Strings("run_id").Zip(l.Strings("regime")).GroupBy(x => x.First, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal);
        var cells = new double[Regimes.Length, Regimes.Length];
        var agree = 0;
        var total = 0;
        foreach (var (id, predicted) in p.Strings("run_id").Zip(p.Strings("regime")))
        {
            var a = Array.IndexOf(Regimes, rule.GetValueOrDefault(id) ?? string.Empty);
            var b = Array.IndexOf(Regimes, predicted);
            if (a < 0 || b < 0)
            {
                continue;
            }

            cells[a, b]++;
            total++;
            agree += a == b ? 1 : 0;
        }

        var plot = New($"{agree} of {total} runs agree", "classifier's regime (regimes/predictions)", "rule label (regimes/labels)");
        Cells(plot, cells, "0", Regimes, Regimes);
        return [new ReportFigure(Section, "regime-confusion", title, fig,
            "Counts of runs by rule label (rows) and the classifier's predicted regime (columns). The rule labels need perturbed copies, the classifier only the reference trajectory, so this is agreement between two methods, not accuracy against a ground truth. Tables: regimes/labels, regimes/predictions.", plot, 700, 600)];
    }

    private IEnumerable<ReportItem> RecurrencePlots()
    {
        const string title = "Recurrence plots, one trajectory per regime", fig = "none (beyond the paper)";
        if (!run.HasTrajectories)
        {
            return [needs.TrajectoryNote(Section, title, fig)];
        }

        var source = run.Table("regimes/predictions") is { Rows: > 0 } ? "regimes/predictions" : run.Table("regimes/labels") is { Rows: > 0 } ? "regimes/labels" : null;
        var picks = new List<(string Regime, RunRow Run)>();
        if (source is not null)
        {
            var t = run.Table(source)!;
            var ids = t.Strings("run_id");
            var regime = t.Strings("regime");
            foreach (var name in Regimes)
            {
                var i = Array.FindIndex(regime, x => x == name);
                if (i >= 0 && run.ById.TryGetValue(ids[i], out var r) && run.Trajectory(r.RunId) is { Count: >= 2 })
                {
                    picks.Add((name, r));
                }
            }
        }
        else
        {
            foreach (var eta in run.Etas)
            {
                if (run.Runs.First(r => r.Eta == eta) is var r && run.Trajectory(r.RunId) is { Count: >= 2 })
                {
                    picks.Add(($"eta = {Number(eta)}", r));
                }
            }
        }

        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        if (run.Table("recurrence/rqa") is { Rows: > 0 } rqa)
        {
            foreach (var (id, (m, th)) in rqa.Strings("run_id").Zip(rqa.Longs("member").Zip(rqa.Doubles("threshold"))))
            {
                if (m == 0 && double.IsFinite(th))
                {
                    thresholds.TryAdd(id, th);
                }
            }
        }

        var items = new List<ReportItem>();
        foreach (var (name, r) in picks)
        {
            var t = run.Trajectory(r.RunId)!;
            var finite = t.Weights.TakeWhile(w => w.All(double.IsFinite)).ToArray();
            if (finite.Length < 2)
            {
                continue;
            }

            var dim = finite[0].Length;
            var flat = finite.SelectMany(w => w).ToArray();
            string how;
            if (!thresholds.TryGetValue(r.RunId, out var eps))
            {
                var max = 0.0;
                for (var a = 0; a < finite.Length; a += Math.Max(1, finite.Length / 200))
                {
                    for (var b = 0; b < finite.Length; b += Math.Max(1, finite.Length / 200))
                    {
                        max = Math.Max(max, Math.Sqrt(finite[a].Zip(finite[b]).Sum(p => (p.First - p.Second) * (p.First - p.Second))));
                    }
                }

                eps = 0.1 * max;
                how = "eps = 10% of the largest Euclidean distance between sampled states (no recurrence/rqa row for it)";
            }
            else
            {
                how = $"eps = {Number(eps)}, the threshold recurrence/rqa resolved for this trajectory";
            }

            var (plot, stride) = RecurrencePlotImage.Build(flat, dim, RecurrencePlotImage.Norm.Euclidean, eps, $"{name}: run {r.RunId}", 400);
            var step = t.Count > 1 ? t.Steps[1] - t.Steps[0] : 1;
            plot.XLabel(stride == 1 ? $"snapshot i ({step} training steps apart)" : $"snapshot i ({step} training steps apart, every {stride}th drawn)");
            plot.YLabel("snapshot j");
            items.Add(new ReportFigure(Section, "recurrence-" + (source is null ? "eta" + Number(r.Eta).Replace('.', 'p') : name), $"Recurrence plot: {name}", fig,
                $"Recurrence plot of the reference's weight vectors of run {r.RunId} (eta = {Number(r.Eta)}; regime from {source ?? "the learning rate alone"}): a dark cell (i, j) where states i and j, {step} steps apart per state{(stride > 1 ? $", every {stride}th drawn" : string.Empty)}, are within {how}, Euclidean norm. Table: trajectories.", plot, 600, 600));
        }

        if (items.Count == 0)
        {
            items.Add(new ReportNote(Section, title, fig, "not drawn: no run had two finite weight snapshots."));
        }

        return items;
    }

    private IEnumerable<ReportItem> Rqa()
    {
        const string title = "Recurrence quantification against eta", fig = "none (beyond the paper)";
        if (needs.Missing(Section, title, fig, "recurrence/rqa") is { } note)
        {
            return [note];
        }

        var t = run.Table("recurrence/rqa")!;
        var ids = t.Strings("run_id");
        var member = t.Longs("member");
        var rows = Enumerable.Range(0, t.Rows).Where(i => member[i] == 0 && run.ById.ContainsKey(ids[i])).ToArray();
        var plot = New(title, EtaAxis, "measure (fraction, dimensionless)");
        var k = 0;
        foreach (var (col, label) in new[] { ("rr", "RR recurrence rate"), ("det", "DET determinism"), ("lam", "LAM laminarity") })
        {
            var v = t.Doubles(col);
            Dots(plot, [.. rows.Select(i => run.ById[ids[i]].Eta)], [.. rows.Select(i => v[i])], Series(k).WithAlpha(0.35), 4, logX: true);
            var means = rows.Where(i => double.IsFinite(v[i])).GroupBy(i => run.ById[ids[i]].Eta).OrderBy(g => g.Key).ToArray();
            Line(plot, [.. means.Select(g => g.Key)], [.. means.Select(g => g.Average(i => v[i]))], Series(k++), 2f, label + " (mean)", logX: true);
        }

        LogX(plot);
        plot.ShowLegend();
        return [new ReportFigure(Section, "rqa-eta", title, fig,
            "Recurrence rate, determinism and laminarity of each reference weight trajectory (dots) and their mean per learning rate (lines). Table: recurrence/rqa.", plot)];
    }

    private IEnumerable<ReportItem> GraphMetrics()
    {
        const string title = "Network graph metrics along training", fig = "none (beyond the paper)";
        if (needs.Missing(Section, title, fig, "graph/metrics") is { } note)
        {
            return [note];
        }

        var t = run.Table("graph/metrics")!;
        var ids = t.Strings("run_id");
        var member = t.Longs("member");
        var step = t.Doubles("step");
        var radius = t.Doubles("spectral_radius");
        var l1 = t.Doubles("l1_norm");
        var byRun = Enumerable.Range(0, t.Rows).Where(i => member[i] == 0).GroupBy(i => ids[i], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var etas = run.Etas;
        var chosenEtas = etas.Length <= 6 ? etas : [.. Enumerable.Range(0, 6).Select(i => etas[(int)Math.Round(i * (etas.Length - 1) / 5.0)]).Distinct()];
        var plot = New("spectral radius of the weight graph", "training step t (iterations)", "spectral radius of |W| + |W|^T (log10)");
        var k = 0;
        foreach (var eta in chosenEtas)
        {
            var r = run.Runs.FirstOrDefault(x => x.Eta == eta && byRun.ContainsKey(x.RunId));
            if (r is null)
            {
                continue;
            }

            var rows = byRun[r.RunId];
            Line(plot, [.. rows.Select(i => step[i])], [.. rows.Select(i => radius[i])], Series(k++), 1.5f, $"eta = {Number(eta)}", logY: true);
        }

        LogY(plot);
        plot.ShowLegend();
        var last = byRun.Where(p => run.ById.ContainsKey(p.Key)).Select(p => (run.ById[p.Key].Eta, l1[p.Value[^1]])).ToArray();
        var p2 = New("||W|| at the end of training", EtaAxis, "||W|| = sum |w| (parameter units, log10)");
        Dots(p2, [.. last.Select(x => x.Eta)], [.. last.Select(x => x.Item2)], Series(0).WithAlpha(0.5), 5, logX: true, logY: true);
        LogX(p2);
        LogY(p2);
        return [
            new ReportFigure(Section, "graph-spectral-radius", title + ": spectral radius", fig, "Spectral radius of the undirected weighted adjacency of the reference network along training, one run per learning rate (at most six learning rates, evenly picked). Table: graph/metrics.", plot),
            new ReportFigure(Section, "graph-norm-eta", title + ": final ||W||", fig, "L1 norm of the reference network at its last row of graph/metrics, per run, against the learning rate. Table: graph/metrics.", p2),
        ];
    }

    private IEnumerable<ReportItem> Spectrum()
    {
        var items = new List<ReportItem>();
        const string title = "Lyapunov spectrum and its convergence", fig = "none (beyond the paper)";
        if (needs.Missing(Section, title, fig, "lyapunov/spectrum") is { } note)
        {
            items.Add(note);
        }
        else
        {
            // One figure per learning rate (the first run of each, in grid order): the spectrum at
            // eta = 0.01 is near zero, the one at the edge of stability is not.
            var t = run.Table("lyapunov/spectrum")!;
            var ids = t.Strings("run_id");
            var step = t.Doubles("step");
            var index = t.Longs("index");
            var exp = t.Doubles("exponent");
            var chosen = ids.Distinct(StringComparer.Ordinal)
                .Select(id => (Id: id, Eta: run.ById.TryGetValue(id, out var r) ? r.Eta : double.NaN))
                .GroupBy(x => x.Eta).Select(g => g.First()).Take(4).ToList();
            for (var c = 0; c < chosen.Count; c++)
            {
                var (id, eta) = chosen[c];
                var rows = Enumerable.Range(0, t.Rows).Where(i => ids[i] == id).ToArray();
                var plot = New(double.IsNaN(eta) ? $"run {id}" : $"eta = {Number(eta)}: run {id}", "training step t (iterations)", "running exponent (per iteration)");
                foreach (var g in rows.GroupBy(i => index[i]).OrderBy(g => g.Key))
                {
                    Line(plot, [.. g.Select(i => step[i])], [.. g.Select(i => exp[i])], Series((int)g.Key), 1.5f, $"lambda_{g.Key + 1}");
                }

                plot.ShowLegend();
                items.Add(new ReportFigure(Section, c == 0 ? "spectrum" : $"spectrum-{c + 1}", chosen.Count > 1 ? $"{title} ({c + 1} of {chosen.Count})" : title, fig,
                    $"Running values of the leading Lyapunov exponents of the GD map (tangent vectors through I - eta H, QR) along the reference of run {id}{(double.IsNaN(eta) ? string.Empty : $" (eta = {Number(eta)})")}; one figure per learning rate of the table. Table: lyapunov/spectrum.", plot));
            }
        }

        const string title2 = "Benettin estimate of the maximal exponent", fig2 = "none (beyond the paper)";
        if (needs.Missing(Section, title2, fig2, "lyapunov/benettin") is { } note2)
        {
            items.Add(note2);
            return items;
        }

        var b = run.Table("lyapunov/benettin")!;
        var bid = b.Strings("run_id");
        var bstep = b.Doubles("step");
        var blam = b.Doubles("lambda");
        var bp = New("Benettin running estimate", "training step t (iterations)", "running lambda (per iteration)");
        var k = 0;
        foreach (var g in Enumerable.Range(0, b.Rows).GroupBy(i => bid[i], StringComparer.Ordinal).Take(8))
        {
            Line(bp, [.. g.Select(i => bstep[i])], [.. g.Select(i => blam[i])], Series(k++), 1.2f, run.ById.TryGetValue(g.Key, out var r) ? $"eta = {Number(r.Eta)}, ic {r.InitialCondition}" : g.Key);
        }

        bp.ShowLegend();
        items.Add(new ReportFigure(Section, "benettin", title2, fig2,
            "Running estimate of the maximal exponent from a renormalised twin (Benettin), for up to 8 runs. Table: lyapunov/benettin.", bp));
        return items;
    }

    private static double Median(double[] v)
    {
        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }
}
