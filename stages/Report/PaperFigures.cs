using ScottPlot;
using static NetOrbit.Report.FigureStyle;

namespace NetOrbit.Report;

/// <summary>The paper's Figs. 2-14 (PAPER.md), each drawn from the run's tables or noted as skipped.</summary>
internal sealed class PaperFigures(RunDirectory run, FigureNeeds needs)
{
    public const string Section = "The paper's figures (Danovski, Soriano & Lacasa 2024)";

    private const string StepAxis = "training step t (iterations)";
    private const string DistanceAxis = "d(t): L1 distance to the reference (log10)";
    private const string LossAxis = "training loss (nats)";

    public IEnumerable<ReportItem> All() => Generators.SelectMany(g => g.Make());

    /// <summary>The figures by report key (a study's parts name the keys they are meant to draw), in report order.</summary>
    public IReadOnlyList<(string Key, Func<IEnumerable<ReportItem>> Make)> Generators =>
        [("fig2", Fig2), ("fig3", Fig3), ("fig4", Fig4), ("fig5", Fig5), ("fig6", Fig6), ("fig7", Fig7), ("fig8", Fig8), ("fig9", Fig9),
         ("fig10", Fig10), ("fig11", Fig11), ("fig12", Fig12), ("fig13-14", Fig13And14)];

    private IEnumerable<ReportItem> Fig2()
    {
        const string title = "Iris with the misclassified points", fig = "Fig. 2";
        if (needs.Missing(Section, title, fig, "graph/misclassified") is { } note)
        {
            return [note];
        }

        var mis = run.Table("graph/misclassified")!;
        var ids = mis.Strings("run_id");
        var member = mis.Longs("member");
        var rows = mis.Longs("row");
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        var chosen = Representative(0.01, r => idSet.Contains(r.RunId)) ?? Representative(0.01) ?? run.Runs[0];
        if (needs.Missing(Section, title, fig, "datasets/" + chosen.Dataset) is { } note2)
        {
            return [note2];
        }

        var data = run.Table("datasets/" + chosen.Dataset)!;
        var features = data.Columns.Where(c => c is not ("row" or "label" or "class" or "split")).ToArray();
        if (features.Length < 2)
        {
            return [new ReportNote(Section, title, fig, $"datasets/{chosen.Dataset}.arrow has fewer than two feature columns; nothing to scatter.")];
        }

        var (fx, fy) = (features[^2], features[^1]);
        var x = data.Doubles(fx);
        var y = data.Doubles(fy);
        var label = data.Longs("label");
        var cls = data.Strings("class");
        var datasetRow = data.Longs("row");
        var wrong = new HashSet<long>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == chosen.RunId && member[i] == 0)
            {
                wrong.Add(rows[i]);
            }
        }

        var unit = data.Metadata("netorbit.standardized") == "true" ? " (z-score)" : chosen.Dataset == "iris" ? " (cm)" : " (feature units)";
        var plot = New($"{chosen.Dataset}: {wrong.Count} of {data.Rows} samples misclassified", fx + unit, fy + unit);
        foreach (var c in label.Distinct().Order())
        {
            var idx = Enumerable.Range(0, data.Rows).Where(i => label[i] == c).ToArray();
            Dots(plot, [.. idx.Select(i => x[i])], [.. idx.Select(i => y[i])], Series((int)c), 6, cls[idx[0]]);
        }

        var bad = Enumerable.Range(0, data.Rows).Where(i => wrong.Contains(datasetRow[i])).ToArray();
        var m = Dots(plot, [.. bad.Select(i => x[i])], [.. bad.Select(i => y[i])], Colors.Black, 14, "misclassified");
        m.MarkerShape = MarkerShape.OpenCircle;
        plot.ShowLegend();
        return [new ReportFigure(Section, "fig02-misclassified", title, fig,
            $"Samples of {chosen.Dataset} on its last two features, coloured by class; circled: the samples (train and test) that the reference network of run {chosen.RunId} (eta = {Number(chosen.Eta)}) misclassifies after {chosen.Steps} steps. Tables: datasets/{chosen.Dataset}, graph/misclassified.", plot)];
    }

    private IEnumerable<ReportItem> Fig3()
    {
        const string title = "Distances d(t) and loss at low learning rate", fig = "Fig. 3";
        if (needs.Missing(Section, title, fig, "lyapunov/distances") is { } note)
        {
            return [note];
        }

        var eta = run.NearestEta(0.01);
        if (eta is null)
        {
            return [NoEta(title, fig, 0.01)];
        }

        var eps = NearestEps(eta.Value, 1e-8);
        var runs = run.Runs.Where(r => r.Eta == eta && r.Epsilon == eps && needs.Distances.Has(r.RunId)).Take(3).ToList();
        if (runs.Count == 0)
        {
            return [new ReportNote(Section, title, fig, $"lyapunov/distances has no rows for runs at eta = {Number(eta.Value)}.")];
        }

        var items = new List<ReportItem>();
        foreach (var r in runs)
        {
            var plot = DistancePlot(r, $"eta = {Number(r.Eta)}, eps = {Eps(r.Epsilon)}, initial condition {r.InitialCondition}", withLoss: true);
            items.Add(new ReportFigure(Section, $"fig03-distances-ic{r.InitialCondition}", $"{title}: initial condition {r.InitialCondition}", fig,
                $"d_j(t) of each perturbed copy (thin) and their mean m(t) (black), log scale, with the reference's training loss on the right axis, for run {r.RunId}{DistanceInterval(r.RunId)}. The paper: d(t) non-monotonic with bumps and a slow upward drift, loss falling monotonically. Tables: lyapunov/distances, trajectories.", plot));
        }

        return items;
    }

    private IEnumerable<ReportItem> Fig4()
    {
        const string title = "One initial condition across perturbation sizes", fig = "Fig. 4";
        if (needs.Missing(Section, title, fig, "lyapunov/distances") is { } note)
        {
            return [note];
        }

        var eta = run.NearestEta(0.01);
        if (eta is null)
        {
            return [NoEta(title, fig, 0.01)];
        }

        var first = run.Runs.FirstOrDefault(r => r.Eta == eta && needs.Distances.Has(r.RunId));
        if (first is null)
        {
            return [new ReportNote(Section, title, fig, $"lyapunov/distances has no rows for runs at eta = {Number(eta.Value)}.")];
        }

        var same = run.Runs.Where(r => r.Eta == eta && r.Dataset == first.Dataset && r.InitialCondition == first.InitialCondition && needs.Distances.Has(r.RunId)).OrderBy(r => r.Epsilon).ToList();
        var plot = New($"eta = {Number(eta.Value)}, initial condition {first.InitialCondition}", StepAxis, "mean distance m(t) (parameter units, log10)");
        for (var i = 0; i < same.Count; i++)
        {
            var (s, m) = needs.Distances.Mean(same[i].RunId);
            Line(plot, s, m, Series(i), 1.5f, "eps = " + Eps(same[i].Epsilon), logY: true);
        }

        LogY(plot);
        plot.ShowLegend();
        return [new ReportFigure(Section, "fig04-eps", title, fig,
            $"Mean copy distance m(t) of initial condition {first.InitialCondition} at eta = {Number(eta.Value)} for each perturbation size eps in the run ({same.Count}). The paper (eps = 1e-14 ... 1e-2): the same shape at every eps, shifted by the size of the kick. Table: lyapunov/distances.", plot)];
    }

    private IEnumerable<ReportItem> Fig5()
    {
        var items = new List<ReportItem>();
        const string title = "Weight ablation heatmap", fig = "Fig. 5 (left)";
        if (needs.Missing(Section, title, fig, "graph/ablation") is { } note)
        {
            items.Add(note);
        }
        else
        {
            var t = run.Table("graph/ablation")!;
            var ids = t.Strings("run_id");
            var member = t.Longs("member");
            var ablationIds = ids.ToHashSet(StringComparer.Ordinal);
            var chosen = Representative(0.01, r => ablationIds.Contains(r.RunId)) ?? run.ById[ids[0]];
            var rows = Enumerable.Range(0, t.Rows).Where(i => ids[i] == chosen.RunId && member[i] == 0).ToArray();
            var source = t.Longs("source");
            var target = t.Longs("target");
            var ratio = t.Doubles("ratio");
            var nSource = (int)rows.Max(i => source[i]) + 1;
            var nTarget = (int)rows.Max(i => target[i]) + 1;
            var cells = new double[nSource, nTarget];
            foreach (var i in rows)
            {
                cells[source[i], target[i]] = ratio[i];
            }

            var plot = New($"L_w / L, run {chosen.RunId}", "hidden neuron j (target)", "input i (source)");
            Cells(plot, cells, "0.00");
            items.Add(new ReportFigure(Section, "fig05-ablation", title, fig,
                $"Training loss with one input-to-hidden weight W1[i,j] set to zero, divided by the loss of the trained network (the value in each cell; colour from its smallest to its largest value), for the reference of run {chosen.RunId} (eta = {Number(chosen.Eta)}). Table: graph/ablation.", plot));
        }

        const string title2 = "Displacement against path length of each weight", fig2 = "Fig. 5 (right)";
        if (needs.Missing(Section, title2, fig2, "graph/weights") is { } note2)
        {
            items.Add(note2);
            return items;
        }

        var w = run.Table("graph/weights")!;
        var wid = w.Strings("run_id");
        var idSet = wid.ToHashSet(StringComparer.Ordinal);
        var r2 = Representative(0.01, r => idSet.Contains(r.RunId)) ?? run.ById[wid[0]];
        var wm = w.Longs("member");
        var isWeight = w.Bools("is_weight");
        var disp = w.Doubles("displacement");
        var path = w.Doubles("path_length");
        var sel = Enumerable.Range(0, w.Rows).Where(i => wid[i] == r2.RunId && wm[i] == 0 && isWeight[i]).ToArray();
        var p2 = New($"run {r2.RunId}", "path length sum_t |w(t) - w(t-1)| (log10)", "displacement |w(T) - w(0)| / |w(0)| (log10)");
        Dots(p2, [.. sel.Select(i => path[i])], [.. sel.Select(i => disp[i])], Series(0), 6, logX: true, logY: true);
        LogX(p2);
        LogY(p2);
        items.Add(new ReportFigure(Section, "fig05-movement", title2, fig2,
            $"Each connection weight of the reference of run {r2.RunId} (eta = {Number(r2.Eta)}): relative displacement against total path length, log-log ({sel.Length} weights; biases start at 0 and drop out). Table: graph/weights.", p2));
        return items;
    }

    private IEnumerable<ReportItem> Fig6()
    {
        const string title = "Post-learning perturbations", fig = "Fig. 6";
        if (needs.Missing(Section, title, fig, "lyapunov/post_learning") is { } note)
        {
            return [note];
        }

        var index = new DistanceIndex(run.Table("lyapunov/post_learning")!);
        var chosen = Representative(0.01, r => index.Has(r.RunId)) ?? run.Runs.First(r => index.Has(r.RunId));
        var plot = New($"run {chosen.RunId}", StepAxis, DistanceAxis);
        var i = 0;
        foreach (var (memberId, (s, d)) in index.Copies(chosen.RunId))
        {
            Line(plot, s, d, Series(i++), 1f, logY: true);
        }

        LogY(plot);
        return [new ReportFigure(Section, "fig06-post-learning", title, fig,
            $"Copies of the trained reference of run {chosen.RunId} (eta = {Number(chosen.Eta)}) perturbed at the start of the window and trained on beside it: distance to the continued reference, log scale. The paper (t = 4000..5000): flat or slowly decaying, marginal stability. Table: lyapunov/post_learning.", plot)];
    }

    private IEnumerable<ReportItem> Fig7()
    {
        const string title = "Edge of stability: distances and loss", fig = "Fig. 7";
        if (needs.Missing(Section, title, fig, "lyapunov/distances") is { } note)
        {
            return [note];
        }

        var eta = run.NearestEta(1);
        if (eta is null)
        {
            return [NoEta(title, fig, 1)];
        }

        var eps = NearestEps(eta.Value, 1e-8);
        var exps = run.Table("lyapunov/exponents");
        var fits = new Dictionary<string, (double Lambda, long Start, long Length, bool Kept)>(StringComparer.Ordinal);
        if (exps is not null)
        {
            var ids = exps.Strings("run_id");
            var lam = exps.Doubles("lambda");
            var start = exps.Longs("window_start");
            var len = exps.Longs("window_length");
            var kept = exps.Bools("kept");
            for (var i = 0; i < exps.Rows; i++)
            {
                fits[ids[i]] = (lam[i], start[i], len[i], kept[i]);
            }
        }

        var candidates = run.Runs.Where(r => r.Eta == eta && r.Epsilon == eps && needs.Distances.Has(r.RunId)).ToList();
        if (candidates.Count == 0)
        {
            return [new ReportNote(Section, title, fig, $"lyapunov/distances has no rows for runs at eta = {Number(eta.Value)}.")];
        }

        var chosen = candidates.FirstOrDefault(r => fits.TryGetValue(r.RunId, out var f) && f.Kept) ?? candidates[0];
        var items = new List<ReportItem>
        {
            new ReportFigure(Section, "fig07-full", title + ": the whole run", fig,
                $"d_j(t) of each copy (thin) and m(t) (black) over the whole run {chosen.RunId} (eta = {Number(chosen.Eta)}, eps = {Eps(chosen.Epsilon)}){DistanceInterval(chosen.RunId)}, log scale. The paper: exponential growth over about 7 decades in the first 200 steps, then saturation. Table: lyapunov/distances.",
                DistancePlot(chosen, $"eta = {Number(chosen.Eta)}, eps = {Eps(chosen.Epsilon)}, whole run", withLoss: false)),
        };

        var (steps, mean) = needs.Distances.Mean(chosen.RunId);
        var early = New("first 200 steps and the fitted exponential", StepAxis, "mean distance m(t) (parameter units, log10)");
        var firstIdx = Enumerable.Range(0, steps.Length).Where(i => steps[i] < 200).ToArray();
        Dots(early, [.. firstIdx.Select(i => steps[i])], [.. firstIdx.Select(i => mean[i])], Colors.Black, 4, "m(t)", logY: true);
        var caption = $"m(t) of run {chosen.RunId} over its first 200 recorded steps, log scale.";
        if (fits.TryGetValue(chosen.RunId, out var fit) && double.IsFinite(fit.Lambda) && fit.Length > 0)
        {
            var window = Enumerable.Range(0, steps.Length).Where(i => steps[i] >= fit.Start && steps[i] < fit.Start + fit.Length && mean[i] > 0).ToArray();
            if (window.Length > 0)
            {
                var a = window.Average(i => Math.Log(mean[i]) - fit.Lambda * steps[i]);
                double[] xs = [fit.Start, fit.Start + fit.Length - 1];
                Line(early, xs, [.. xs.Select(t => Math.Exp(a + fit.Lambda * t))], Colors.Red, 2.5f, $"exp(lambda t), lambda = {Number(fit.Lambda)}", logY: true);
                caption += $" Red: the best-R^2 window [{fit.Start}, {fit.Start + fit.Length}) of lyapunov/exponents with its slope lambda = {Number(fit.Lambda)} per iteration ({(fit.Kept ? "kept" : "not kept")} by the filter); the line's height is the mean of ln m(t) - lambda t over the recorded steps of the window.";
            }
        }

        LogY(early);
        early.ShowLegend();
        items.Add(new ReportFigure(Section, "fig07-first200", title + ": first 200 steps", fig, caption + " Tables: lyapunov/distances, lyapunov/exponents.", early));

        var lastStep = steps.Length == 0 ? 0 : steps[^1];
        var lateIdx = Enumerable.Range(0, steps.Length).Where(i => steps[i] > lastStep - 50).ToArray();
        var late = New("last 50 steps", StepAxis, "mean distance m(t) (parameter units)");
        Line(late, [.. lateIdx.Select(i => steps[i])], [.. lateIdx.Select(i => mean[i])], Colors.Black, 1.5f);
        Dots(late, [.. lateIdx.Select(i => steps[i])], [.. lateIdx.Select(i => mean[i])], Colors.Black, 4);
        items.Add(new ReportFigure(Section, "fig07-last50", title + ": last 50 steps", fig,
            $"m(t) of run {chosen.RunId} over its last 50 steps ({lateIdx.Length} recorded points), linear scale: the saturated distance, which in the paper oscillates like a limit cycle. Table: lyapunov/distances.", late));

        if (run.Trajectory(chosen.RunId) is { } traj)
        {
            var lp = New("loss", StepAxis, "training loss (nats, log10)");
            Line(lp, [.. traj.Steps.Select(s => (double)s)], traj.Loss, Colors.Black, 1.5f, logY: true);
            LogY(lp);
            items.Add(new ReportFigure(Section, "fig07-loss", title + ": loss", fig,
                $"Training loss of the reference of run {chosen.RunId}, log scale. The paper: non-monotonic early, then converging to about 0.02-0.05. Table: trajectories.", lp));
        }
        else
        {
            items.Add(needs.TrajectoryNote(Section, title + ": loss", fig));
        }

        return items;
    }

    private IEnumerable<ReportItem> Fig8()
    {
        var items = new List<ReportItem>();
        const string title = "Distribution P(Lambda) of the exponents", fig = "Fig. 8 (left)";
        var eta = run.NearestEta(1);
        if (needs.Missing(Section, title, fig, "lyapunov/exponents") is { } note)
        {
            items.Add(note);
        }
        else if (eta is null)
        {
            items.Add(NoEta(title, fig, 1));
        }
        else
        {
            var t = run.Table("lyapunov/exponents")!;
            var etas = t.Doubles("eta");
            var epsilons = t.Doubles("epsilon");
            var lam = t.Doubles("lambda");
            var kept = t.Bools("kept");
            var eps = NearestEps(eta.Value, 1e-8);
            var all = Enumerable.Range(0, t.Rows).Where(i => etas[i] == eta && epsilons[i] == eps).ToArray();
            var k = all.Where(i => kept[i]).Select(i => lam[i]).ToArray();
            var plot = New($"eta = {Number(eta.Value)}, eps = {Eps(eps)}: {k.Length} of {all.Length} kept", "Lambda (per iteration)", "initial conditions");
            var (c, n, wdt) = Histogram(k, Math.Clamp(k.Length / 4, 5, 30));
            Bars(plot, c, n, wdt, Series(0));
            items.Add(new ReportFigure(Section, "fig08-p-lambda", title, fig,
                $"Histogram of the kept exponents Lambda (best-R^2 window slope of ln m(t), R^2 > 0.9 and Lambda > 0.05) at eta = {Number(eta.Value)}, eps = {Eps(eps)}. The paper (500 initial conditions, eps = 1e-8): unimodal, about 90% kept. Table: lyapunov/exponents.", plot));
        }

        const string title2 = "lambda_nMLE against eps", fig2 = "Fig. 8 (right)";
        if (needs.Missing(Section, title2, fig2, "lyapunov/summary") is { } note2)
        {
            items.Add(note2);
            return items;
        }

        var s = run.Table("lyapunov/summary")!;
        var sEta = s.Doubles("eta");
        var sEps = s.Doubles("epsilon");
        var mean = s.Doubles("nmle_mean");
        var std = s.Doubles("nmle_std");
        var ds = s.Strings("dataset");
        var arch = s.Strings("architecture");
        var p = New("lambda_nMLE(eps)", "perturbation size eps (log10)", "lambda_nMLE (per iteration)");
        var groups = Enumerable.Range(0, s.Rows).GroupBy(i => (ds[i], arch[i], sEta[i])).OrderBy(g => g.Key.Item3).ToList();
        var color = 0;
        foreach (var g in groups)
        {
            var rows = g.Where(i => double.IsFinite(mean[i]) && sEps[i] > 0).OrderBy(i => sEps[i]).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }

            var xs = rows.Select(i => Math.Log10(sEps[i])).ToArray();
            var ys = rows.Select(i => mean[i]).ToArray();
            var sc = p.Add.Scatter(xs, ys, Series(color));
            sc.LegendText = $"{g.Key.Item1} {g.Key.Item2}, eta = {Number(g.Key.Item3)}";
            var eb = p.Add.ErrorBar(xs, ys, [.. rows.Select(i => double.IsFinite(std[i]) ? std[i] : 0)]);
            eb.LineColor = Series(color++);
        }

        LogX(p);
        p.ShowLegend();
        items.Add(new ReportFigure(Section, "fig08-nmle-eps", title2, fig2,
            "lambda_nMLE(eps), the mean of the kept exponents, with one sample standard deviation as error bars, per learning rate; groups where no run was kept are left out. The paper at eta = 1: grows as eps shrinks, towards about 0.33 per iteration. Table: lyapunov/summary.", p));
        return items;
    }

    private IEnumerable<ReportItem> Fig9()
    {
        const string title = "Chaotic-intermittent regime: loss and ||W||", fig = "Fig. 9";
        var eta = run.NearestEta(5);
        if (!run.HasTrajectories)
        {
            return [needs.TrajectoryNote(Section, title, fig)];
        }

        if (eta is null)
        {
            return [NoEta(title, fig, 5)];
        }

        var runs = run.Runs.Where(r => r.Eta == eta).GroupBy(r => (r.Dataset, r.InitialCondition)).Select(g => g.First()).Where(r => run.Trajectory(r.RunId) is not null).Take(4).ToList();
        if (runs.Count == 0)
        {
            return [needs.TrajectoryNote(Section, title, fig)];
        }

        var loss = New($"eta = {Number(eta.Value)}: loss", StepAxis, LossAxis);
        var norm = New($"eta = {Number(eta.Value)}: ||W||", StepAxis, "||W|| = sum |w| (parameter units)");
        for (var i = 0; i < runs.Count; i++)
        {
            var t = run.Trajectory(runs[i].RunId)!;
            double[] steps = [.. t.Steps.Select(s => (double)s)];
            Line(loss, steps, t.Loss, Series(i), 1f, $"initial condition {runs[i].InitialCondition}");
            Line(norm, steps, t.L1Norms(), Series(i), 1f, $"initial condition {runs[i].InitialCondition}");
        }

        loss.ShowLegend();
        norm.ShowLegend();
        var which = string.Join(", ", runs.Select(r => r.RunId));
        return [
            new ReportFigure(Section, "fig09-loss", title + ": loss", fig, $"Training loss of the reference networks of {runs.Count} runs at eta = {Number(eta.Value)} ({which}). The paper (10,000 steps): period-3 plateaus (L about 4-15), noisy bands (1.1-2.4) and collapses to ln 3; a period-3 cycle shows only where snapshots are taken every step{Interval(run.Trajectory(runs[0].RunId)!)}. Table: trajectories.", loss),
            new ReportFigure(Section, "fig09-norm", title + ": ||W||", fig, $"L1 norm of the weights of the same runs{Interval(run.Trajectory(runs[0].RunId)!)}. Table: trajectories.", norm),
        ];
    }

    private IEnumerable<ReportItem> Fig10()
    {
        const string title = "Loss autocorrelation with the shuffle band", fig = "Fig. 10";
        if (needs.Missing(Section, title, fig, "lyapunov/loss_acf") is { } note)
        {
            return [note];
        }

        var t = run.Table("lyapunov/loss_acf")!;
        var ids = t.Strings("run_id");
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        var chosen = Representative(5, r => idSet.Contains(r.RunId)) ?? run.ById[ids[0]];
        var rows = Enumerable.Range(0, t.Rows).Where(i => ids[i] == chosen.RunId).ToArray();
        var lag = t.Doubles("lag");
        var acf = t.Doubles("acf");
        var lo = t.Doubles("null_p03");
        var hi = t.Doubles("null_p97");
        var plot = New($"run {chosen.RunId}", "lag k (snapshots)", "autocorrelation r(k)");
        var band = plot.Add.FillY([.. rows.Select(i => lag[i])], [.. rows.Select(i => lo[i])], [.. rows.Select(i => hi[i])]);
        band.FillColor = Colors.Gray.WithAlpha(0.35);
        band.LegendText = "shuffle band (3rd-97th percentile)";
        Line(plot, [.. rows.Select(i => lag[i])], [.. rows.Select(i => acf[i])], Colors.Black, 1.5f, "r(k)");
        plot.ShowLegend();
        return [new ReportFigure(Section, "fig10-acf", title, fig,
            $"Autocorrelation of the mean-removed training loss of run {chosen.RunId} (eta = {Number(chosen.Eta)}) against the lag, with the band of the same statistic over shuffled series. Table: lyapunov/loss_acf.", plot)];
    }

    private IEnumerable<ReportItem> Fig11()
    {
        const string title = "Kantz exponent of the loss series", fig = "Fig. 11";
        if (needs.Missing(Section, title, fig, "lyapunov/loss_kantz") is { } note)
        {
            return [note];
        }

        var t = run.Table("lyapunov/loss_kantz")!;
        var ids = t.Strings("run_id");
        var status = t.Strings("status");
        var curves = t.Lists("mean_divergence");
        var lam = t.Doubles("lambda");
        var sig = t.Bools("significant");
        var ok = Enumerable.Range(0, t.Rows).Where(i => status[i] == "ok" && curves[i].Length > 0).ToArray();
        if (ok.Length == 0)
        {
            return [new ReportNote(Section, title, fig, "lyapunov/loss_kantz has no row with status ok (every series too short, non-finite or without neighbours).")];
        }

        var items = new List<ReportItem>();
        var cp = New("Kantz curves", "n (steps ahead)", "ln d_n (ln of nats)");
        var shown = ok.Take(10).ToArray();
        for (var k = 0; k < shown.Length; k++)
        {
            var c = curves[shown[k]];
            var legend = run.ById.TryGetValue(ids[shown[k]], out var kr) ? $"eta = {Number(kr.Eta)}, ic {kr.InitialCondition}, {(sig[shown[k]] ? "significant" : "not significant")}" : ids[shown[k]];
            Line(cp, [.. Enumerable.Range(0, c.Length).Select(n => (double)n)], [.. c.Select(v => v > 0 ? Math.Log(v) : double.NaN)], Series(k), 1.2f, legend);
        }

        cp.ShowLegend();
        items.Add(new ReportFigure(Section, "fig11-curves", title + ": curves", fig,
            $"ln d_n, the log mean separation of loss-series neighbours n steps ahead, for {shown.Length} of the {ok.Length} runs with a result. Table: lyapunov/loss_kantz.", cp));

        var hp = New("P(Lambda), significant or not", "Lambda (per step)", "runs");
        var sigL = ok.Where(i => sig[i]).Select(i => lam[i]).ToArray();
        var nsL = ok.Where(i => !sig[i]).Select(i => lam[i]).ToArray();
        var (c1, n1, w1) = Histogram(sigL, 12);
        var (c2, n2, w2) = Histogram(nsL, 12);
        Bars(hp, c1, n1, w1, Series(0).WithAlpha(0.7), $"significant (p <= 0.05): {sigL.Length}");
        Bars(hp, c2, n2, w2, Series(3).WithAlpha(0.5), $"not significant: {nsL.Length}");
        hp.ShowLegend();
        items.Add(new ReportFigure(Section, "fig11-p-lambda", title + ": P(Lambda)", fig,
            "Histograms of the Kantz exponents of the loss series, split by the significance of the fixed 10-step regression. Table: lyapunov/loss_kantz.", hp));

        if (run.HasTrajectories)
        {
            var x = new List<double>();
            var y = new List<double>();
            foreach (var i in ok)
            {
                if (run.Trajectory(ids[i]) is { Count: > 0 } tr)
                {
                    x.Add(tr.Loss[0]);
                    y.Add(lam[i]);
                }
            }

            var lp = New("Lambda against the initial loss", "initial training loss L(0) (nats)", "Lambda (per step)");
            Dots(lp, x, y, Series(0), 6);
            items.Add(new ReportFigure(Section, "fig11-initial-loss", title + ": against the initial loss", fig,
                "Each run's Kantz exponent against the training loss of its initial network. Tables: lyapunov/loss_kantz, trajectories.", lp));
        }

        return items;
    }

    private IEnumerable<ReportItem> Fig12()
    {
        const string title = "Intermittent individual weights", fig = "Fig. 12";
        if (needs.Missing(Section, title, fig, "graph/weights") is { } note)
        {
            return [note];
        }

        if (!run.HasTrajectories)
        {
            return [needs.TrajectoryNote(Section, title, fig)];
        }

        var w = run.Table("graph/weights")!;
        var ids = w.Strings("run_id");
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        var chosen = Representative(5, r => idSet.Contains(r.RunId) && run.Trajectory(r.RunId) is not null);
        if (chosen is null)
        {
            return [new ReportNote(Section, title, fig, "skipped: no run near eta = 5 (within a factor of 3) has both graph/weights rows and a trajectory file.")];
        }

        var member = w.Longs("member");
        var param = w.Longs("parameter");
        var names = w.Strings("name");
        var path = w.Doubles("path_length");
        var top = Enumerable.Range(0, w.Rows).Where(i => ids[i] == chosen.RunId && member[i] == 0 && double.IsFinite(path[i])).OrderByDescending(i => path[i]).ThenBy(i => param[i]).Take(4).ToArray();
        var traj = run.Trajectory(chosen.RunId)!;
        var plot = New($"run {chosen.RunId}", StepAxis, "weight value w(t)");
        double[] steps = [.. traj.Steps.Select(s => (double)s)];
        for (var k = 0; k < top.Length; k++)
        {
            var p = (int)param[top[k]];
            Line(plot, steps, [.. traj.Weights.Select(v => p < v.Length ? v[p] : double.NaN)], Series(k), 1f, names[top[k]]);
        }

        plot.ShowLegend();
        return [new ReportFigure(Section, "fig12-weights", title, fig,
            $"The {top.Length} parameters of the reference of run {chosen.RunId} (eta = {Number(chosen.Eta)}) with the longest path length, over training{Interval(traj)}. The paper: only about 8 output-layer parameters move, intermittently. Tables: graph/weights, trajectories.", plot)];
    }

    private IEnumerable<ReportItem> Fig13And14()
    {
        const string fig = "Figs. 13-14";
        if (!run.HasTrajectories)
        {
            return [needs.TrajectoryNote(Section, "Train and test loss and accuracy", fig)];
        }

        var items = new List<ReportItem>();
        foreach (var target in new[] { 0.01, 1, 5 })
        {
            var chosen = Representative(target, r => run.Trajectory(r.RunId) is not null);
            if (chosen is null)
            {
                items.Add(NoEta($"Train and test loss and accuracy at eta = {Number(target)}", fig, target));
                continue;
            }

            var t = run.Trajectory(chosen.RunId)!;
            double[] steps = [.. t.Steps.Select(s => (double)s)];
            var lp = New($"eta = {Number(chosen.Eta)}: loss", StepAxis, LossAxis);
            Line(lp, steps, t.Loss, Series(0), 1.5f, "train");
            Line(lp, steps, t.TestLoss, Series(1), 1.5f, "test");
            lp.ShowLegend();
            var ap = New($"eta = {Number(chosen.Eta)}: accuracy", StepAxis, "accuracy (fraction correct)");
            Line(ap, steps, t.Accuracy, Series(0), 1.5f, "train");
            Line(ap, steps, t.TestAccuracy, Series(1), 1.5f, "test");
            ap.ShowLegend();
            var id = target.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture).Replace('.', 'p');
            items.Add(new ReportFigure(Section, $"fig13-loss-eta{id}", $"Train and test loss at eta = {Number(chosen.Eta)}", fig,
                $"Training and test cross-entropy of the reference of run {chosen.RunId}{Interval(t)}; the test loss where the run evaluated it. Table: trajectories.", lp));
            items.Add(new ReportFigure(Section, $"fig14-accuracy-eta{id}", $"Train and test accuracy at eta = {Number(chosen.Eta)}", fig,
                $"Training and test accuracy of the same reference. Table: trajectories.", ap));
        }

        return items;
    }

    private Plot DistancePlot(RunRow r, string title, bool withLoss)
    {
        var plot = New(title, StepAxis, DistanceAxis);
        var i = 0;
        foreach (var (_, (s, d)) in needs.Distances.Copies(r.RunId))
        {
            Line(plot, s, d, Series(i++).WithAlpha(0.6), 0.8f, logY: true);
        }

        var (ms, mm) = needs.Distances.Mean(r.RunId);
        Line(plot, ms, mm, Colors.Black, 2f, "mean m(t)", logY: true);
        LogY(plot);
        if (withLoss && run.Trajectory(r.RunId) is { } t)
        {
            var loss = Line(plot, [.. t.Steps.Select(s => (double)s)], t.Loss, Colors.Red, 1.5f, "loss (right axis)");
            loss.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = LossAxis;
        }

        plot.ShowLegend();
        return plot;
    }

    /// <summary>", as recorded: snapshots every k steps" when the trajectory skips steps.</summary>
    private static string Interval(ReferenceTrajectory t) =>
        t.Count > 1 && t.Steps[1] - t.Steps[0] > 1 ? $" (snapshots every {t.Steps[1] - t.Steps[0]} steps, as recorded)" : string.Empty;

    private string DistanceInterval(string runId)
    {
        var (steps, _) = needs.Distances.Mean(runId);
        return steps.Length > 1 && steps[1] - steps[0] > 1 ? $" (distances as recorded, every {steps[1] - steps[0]} steps)" : string.Empty;
    }

    private double NearestEps(double eta, double target) =>
        run.Runs.Where(r => r.Eta == eta && r.Epsilon > 0).Select(r => r.Epsilon).Distinct().OrderBy(e => Math.Abs(Math.Log(e / target))).ThenBy(e => e).DefaultIfEmpty(0).First();

    private RunRow? Representative(double targetEta, Func<RunRow, bool>? filter = null)
    {
        var eta = run.NearestEta(targetEta);
        return eta is null ? null : run.Runs.FirstOrDefault(r => r.Eta == eta && (filter is null || filter(r)));
    }

    private ReportNote NoEta(string title, string fig, double eta) =>
        new(Section, title, fig, $"skipped: no run has a learning rate within a factor of 3 of eta = {Number(eta)} (runs.arrow has {string.Join(", ", run.Etas.Select(Number))}).");
}
