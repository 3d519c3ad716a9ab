using System.Globalization;

namespace NetOrbit.Report.LrScan;

/// <summary>
/// The recommended learning rate of one dataset and architecture: the largest eta of the grid that
/// still learns, below the onset of chaos.
/// </summary>
/// <remarks>
/// The rule (<see cref="Recommend"/>), on the rows of one dataset and architecture in eta order:
/// <list type="number">
/// <item>An eta <i>learns</i> when the median initial condition reaches the target test accuracy
/// (<see cref="LrScanRow.Learns"/>: a run that never reaches it counts as infinitely slow).</item>
/// <item>The <i>onset of chaos</i> eta_c is the smallest eta at which more than half of the runs are
/// classified chaotic or divergent or diverged (<see cref="LrScanRow.IsChaotic"/>), or more than half
/// have a positive exponent by the lyapunov stage's filter (<see cref="LrScanRow.ExponentPositive"/>).</item>
/// <item>The recommendation is the largest eta &lt; eta_c that learns (any eta that learns when no
/// eta of the grid reaches the onset). Every larger eta is rejected with its reason: it is at or
/// above eta_c, or it does not learn.</item>
/// </list>
/// Taking the first onset, not every chaotic eta, keeps the recommendation below a chaotic eta even
/// when a larger one happens to look calm.
/// </remarks>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Architecture">Layer widths.</param>
/// <param name="Target">Target test accuracy.</param>
/// <param name="Eta">The recommended learning rate, or null when no eta below the onset learns.</param>
/// <param name="OnsetEta">The onset of chaos eta_c, or null when no eta of the grid reaches it.</param>
/// <param name="Verdicts">One per eta of the grid, in eta order.</param>
/// <param name="Summary">One line: the recommendation and why.</param>
public sealed record LrScanRecommendation(string Dataset, string Architecture, double Target, double? Eta, double? OnsetEta, IReadOnlyList<LrScanVerdict> Verdicts, string Summary)
{
    /// <summary>Applies the rule to the rows of one dataset and architecture (any order; sorted by eta here).</summary>
    public static LrScanRecommendation Recommend(IReadOnlyList<LrScanRow> rows, double target)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows to recommend from", nameof(rows));
        }

        var sorted = rows.OrderBy(r => r.Eta).ToArray();
        var onset = Array.FindIndex(sorted, r => r.IsChaotic || r.ExponentPositive);
        var below = onset < 0 ? sorted.Length : onset;
        var best = below == 0 ? -1 : Array.FindLastIndex(sorted, below - 1, below, r => r.Learns);
        var t = N(target);
        var verdicts = new List<LrScanVerdict>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            var r = sorted[i];
            var state = Describe(r, target);
            if (i == best)
            {
                verdicts.Add(new LrScanVerdict(r.Eta, true, false, "recommended", $"recommended: {state}"));
            }
            else if (i < best)
            {
                verdicts.Add(new LrScanVerdict(r.Eta, false, false, "smaller", $"smaller than the recommendation: {state}"));
            }
            else if (onset >= 0 && i == onset)
            {
                verdicts.Add(new LrScanVerdict(r.Eta, false, true, "onset of chaos", $"rejected, onset of chaos ({Onset(r)}): {state}"));
            }
            else if (onset >= 0 && i > onset)
            {
                verdicts.Add(new LrScanVerdict(r.Eta, false, true, "above the onset", $"rejected, above the onset of chaos at eta = {N(sorted[onset].Eta)}: {state}"));
            }
            else
            {
                verdicts.Add(new LrScanVerdict(r.Eta, false, true, "does not learn", $"rejected, does not learn (the median initial condition never reaches {t} test accuracy): {state}"));
            }
        }

        var head = sorted[0];
        string summary;
        if (best >= 0)
        {
            var r = sorted[best];
            summary = $"recommended eta = {N(r.Eta)}: the largest learning rate that reaches {t} test accuracy (median time {N(r.TimeToTargetMedian)} steps, {r.Reached}/{r.InitialConditions} initial conditions)";
            summary += onset >= 0
                ? $" below the onset of chaos at eta = {N(sorted[onset].Eta)} ({Onset(sorted[onset])})"
                : $"; no eta up to {N(sorted[^1].Eta)} reaches the onset of chaos, so a larger eta may also learn (extend the grid)";
            if (onset == best + 1)
            {
                summary += $"; the onset is the next grid point, so the recommendation is exact to one grid step (a factor {N(sorted[onset].Eta / r.Eta)})";
            }
        }
        else
        {
            var top = sorted.Take(below).DefaultIfEmpty(sorted[0]).MaxBy(r => double.IsNaN(r.FinalTestAccuracyMedian) ? -1 : r.FinalTestAccuracyMedian)!;
            summary = below == 0
                ? $"no recommendation: the grid's smallest eta = {N(head.Eta)} is already at the onset of chaos ({Onset(head)}); start the grid lower"
                : $"no recommendation: no eta below {(onset >= 0 ? $"the onset of chaos at eta = {N(sorted[onset].Eta)}" : $"{N(sorted[^1].Eta)} (the grid's end)")} reaches {t} test accuracy in the median (best median final test accuracy {N(top.FinalTestAccuracyMedian)} at eta = {N(top.Eta)}); train longer or lower the target";
        }

        return new LrScanRecommendation(head.Dataset, head.Architecture, target, best >= 0 ? sorted[best].Eta : null, onset >= 0 ? sorted[onset].Eta : null, verdicts, summary);
    }

    /// <summary>The numbers behind a verdict: reached, time, final accuracy, exponent, edge ratio, regimes.</summary>
    internal static string Describe(LrScanRow r, double target)
    {
        var time = r.Learns ? $"median {N(r.TimeToTargetMedian)} steps" : "median never";
        var kept = double.IsNaN(r.KeptFraction) ? "no exponent" : $"exponent kept in {Pct(r.KeptFraction)} of runs (median Lambda {N(r.ExponentMedian)})";
        var regimes = r.Classified == 0 ? "not classified" : $"regimes {r.Regular}/{r.EdgeOfStability}/{r.Chaotic}/{r.Divergent} regular/edge/chaotic/divergent";
        var diverged = r.Diverged > 0 ? $", {r.Diverged} diverged" : "";
        return $"{r.Reached}/{r.InitialConditions} reach {N(target)} ({time}), median final test accuracy {N(r.FinalTestAccuracyMedian)}, {kept}, sharpness*eta/2 {N(r.EdgeRatioMedian)}, {regimes}{diverged}";
    }

    private static string Onset(LrScanRow r)
    {
        var why = new List<string>();
        if (r.IsChaotic)
        {
            why.Add(r.Diverged > r.Chaotic + r.Divergent ? $"{r.Diverged}/{r.Runs} runs diverged" : $"{r.Chaotic + r.Divergent}/{r.Runs} runs classified chaotic or divergent");
        }

        if (r.ExponentPositive)
        {
            why.Add($"exponent positive in {Pct(r.KeptFraction)} of runs");
        }

        return string.Join(", ", why);
    }

    internal static string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("g3", CultureInfo.InvariantCulture);

    private static string Pct(double f) => (100 * f).ToString("0", CultureInfo.InvariantCulture) + "%";
}
