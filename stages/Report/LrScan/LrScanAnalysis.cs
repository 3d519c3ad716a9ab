namespace NetOrbit.Report.LrScan;

/// <summary>
/// Reduces a run directory to one <see cref="LrScanRow"/> per (dataset, architecture, eta): time to
/// the target test accuracy from the reference trajectories, exponent from lyapunov/exponents,
/// sharpness from lyapunov/sharpness, regime from regimes/predictions. Tables that are absent give NaN
/// or zero counts.
/// </summary>
internal static class LrScanAnalysis
{
    /// <summary>The rows, grouped by dataset and architecture in grid order, each group in eta order.</summary>
    public static IReadOnlyList<IReadOnlyList<LrScanRow>> Groups(RunDirectory run, double target)
    {
        var exponents = new Dictionary<string, (double Lambda, bool Kept)>(StringComparer.Ordinal);
        if (run.Table("lyapunov/exponents") is { Rows: > 0 } e)
        {
            foreach (var (id, (lambda, kept)) in e.Strings("run_id").Zip(e.Doubles("lambda").Zip(e.Bools("kept"))))
            {
                exponents.TryAdd(id, (lambda, kept));
            }
        }

        var sharpness = new Dictionary<string, (long Step, double Sharpness, double Ratio)>(StringComparer.Ordinal);
        if (run.Table("lyapunov/sharpness") is { Rows: > 0 } s)
        {
            var ids = s.Strings("run_id");
            var steps = s.Longs("step");
            var values = s.Doubles("sharpness");
            var ratios = s.Doubles("edge_ratio");
            for (var i = 0; i < s.Rows; i++)
            {
                if (!sharpness.TryGetValue(ids[i], out var last) || steps[i] >= last.Step)
                {
                    sharpness[ids[i]] = (steps[i], values[i], ratios[i]);
                }
            }
        }

        var regimes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.Table("regimes/predictions") is { Rows: > 0 } p)
        {
            foreach (var (id, regime) in p.Strings("run_id").Zip(p.Strings("regime")))
            {
                regimes.TryAdd(id, regime);
            }
        }

        var groups = new List<IReadOnlyList<LrScanRow>>();
        foreach (var group in run.Runs.GroupBy(r => (r.Dataset, r.Architecture)))
        {
            var rows = new List<LrScanRow>();
            foreach (var atEta in group.GroupBy(r => r.Eta).OrderBy(g => g.Key))
            {
                var runs = atEta.ToArray();
                var references = runs.GroupBy(r => r.InitialCondition).Select(g => g.First()).ToArray();
                var times = references.Select(r => TimeToTarget(run, r.RunId, target)).ToArray();
                var withExponent = runs.Where(r => exponents.ContainsKey(r.RunId)).Select(r => exponents[r.RunId]).ToArray();
                var sharp = runs.Where(r => sharpness.ContainsKey(r.RunId)).Select(r => sharpness[r.RunId]).ToArray();
                var predicted = runs.Select(r => regimes.GetValueOrDefault(r.RunId)).ToArray();
                var median = Median(times);
                rows.Add(new LrScanRow(
                    group.Key.Dataset,
                    group.Key.Architecture,
                    atEta.Key,
                    references.Length,
                    runs.Length,
                    runs.Count(r => r.Status == "diverged"),
                    times.Count(double.IsFinite),
                    double.IsFinite(median) ? median : double.NaN,
                    Median([.. references.Select(r => r.FinalTestAccuracy).Where(double.IsFinite)]),
                    Median([.. withExponent.Select(x => x.Lambda).Where(double.IsFinite)]),
                    withExponent.Length == 0 ? double.NaN : (double)withExponent.Count(x => x.Kept) / withExponent.Length,
                    Median([.. sharp.Select(x => x.Sharpness).Where(double.IsFinite)]),
                    Median([.. sharp.Select(x => x.Ratio).Where(double.IsFinite)]),
                    predicted.Count(x => x == "regular"),
                    predicted.Count(x => x == "edge_of_stability"),
                    predicted.Count(x => x == "chaotic"),
                    predicted.Count(x => x == "divergent")));
            }

            groups.Add(rows);
        }

        return groups;
    }

    /// <summary>First recorded step whose test accuracy is at least <paramref name="target"/>; +infinity when none (or no trajectory).</summary>
    private static double TimeToTarget(RunDirectory run, string runId, double target)
    {
        if (run.Trajectory(runId) is not { } t)
        {
            return double.PositiveInfinity;
        }

        var i = Array.FindIndex(t.TestAccuracy, a => a >= target);
        return i < 0 ? double.PositiveInfinity : t.Steps[i];
    }

    /// <summary>Median (mean of the two middle values for an even count; +infinity sorts last); NaN when empty.</summary>
    internal static double Median(double[] v)
    {
        if (v.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }
}
