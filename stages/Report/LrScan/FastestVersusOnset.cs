namespace NetOrbit.Report.LrScan;

/// <summary>
/// The follow-up's question (arXiv:2506.08523), answered from a scan's rows: is the time to the
/// target test accuracy shortest where the maximal exponent turns positive?
/// </summary>
/// <remarks>
/// The fastest eta has the shortest median time to the target over the initial conditions
/// (<see cref="LrScanRow.TimeToTargetMedian"/>; ties with the same median time are reported as a
/// range). The exponent turns positive at the smallest eta where more than half of the runs pass
/// the lyapunov stage's filter, R^2 &gt; 0.9 and Lambda &gt; 0.05 by default
/// (<see cref="LrScanRow.ExponentPositive"/>; lyapunov/exponents, the window fit of the paper's
/// finite network Lyapunov exponent). They coincide when the two are at most one grid step apart
/// (a tied fastest eta within one index of the onset in the grid). Otherwise the answer is "no", or
/// "cannot tell" with the reason when either is missing.
/// </remarks>
/// <param name="Target">Target test accuracy.</param>
/// <param name="FastestEta">Smallest eta with the shortest median time, or null when no eta reaches the target in the median.</param>
/// <param name="FastestEtaHigh">Largest eta tied with <paramref name="FastestEta"/> (equal when no tie).</param>
/// <param name="FastestTime">The shortest median time in steps (NaN when none).</param>
/// <param name="OnsetEta">Smallest eta where the exponent is positive, or null.</param>
/// <param name="Answer"><c>yes</c>, <c>no</c> or <c>cannot tell</c>.</param>
/// <param name="Sentence">The answer in one sentence, with the numbers and the reason.</param>
public sealed record FastestVersusOnset(double Target, double? FastestEta, double? FastestEtaHigh, double FastestTime, double? OnsetEta, string Answer, string Sentence)
{
    /// <summary>Answers the question for the rows of one dataset and architecture.</summary>
    public static FastestVersusOnset Compare(IReadOnlyList<LrScanRow> rows, double target)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sorted = rows.OrderBy(r => r.Eta).ToArray();
        var t = LrScanRecommendation.N(target);
        var learners = Enumerable.Range(0, sorted.Length).Where(i => sorted[i].Learns).ToArray();
        int lo = -1, hi = -1;
        int[] tied = [];
        var fastest = double.NaN;
        if (learners.Length > 0)
        {
            fastest = learners.Min(i => sorted[i].TimeToTargetMedian);
            tied = learners.Where(i => sorted[i].TimeToTargetMedian == fastest).ToArray();
            lo = tied[0];
            hi = tied[^1];
        }

        var onset = Array.FindIndex(sorted, r => r.ExponentPositive);
        var fastText = lo < 0
            ? $"no eta reaches {t} test accuracy in the median"
            : $"the shortest median time to {t} test accuracy is {LrScanRecommendation.N(fastest)} steps at eta = {Range(sorted, tied)}";
        const string rule = "more than half of the runs kept by the lyapunov stage's filter, R^2 > 0.9 and Lambda > 0.05";
        string onsetText, answer, why;
        if (sorted.All(r => double.IsNaN(r.KeptFraction)))
        {
            onsetText = "the exponent was not measured (no lyapunov/exponents rows: the runs need perturbed copies and the lyapunov stage)";
            answer = "cannot tell";
            why = "no exponent";
        }
        else if (onset < 0)
        {
            onsetText = $"the exponent does not turn positive ({rule}) at any eta up to {LrScanRecommendation.N(sorted[^1].Eta)}";
            answer = "cannot tell";
            why = "the exponent never turns positive in the grid";
        }
        else
        {
            onsetText = $"the exponent turns positive ({rule}) first at eta = {LrScanRecommendation.N(sorted[onset].Eta)}";
            var apart = lo < 0 ? -1 : tied.Min(i => Math.Abs(i - onset));
            answer = lo < 0 ? "cannot tell" : apart <= 1 ? "yes" : "no";
            why = lo < 0 ? $"no eta reaches {t} in the median" : apart == 0 ? "the same eta" : apart == 1 ? "one grid step apart" : $"{apart} grid steps apart";
        }

        var sentence = $"Is the time to {t} test accuracy shortest where the exponent turns positive? {Capital(answer)} ({why}): {fastText}; {onsetText}.";
        return new FastestVersusOnset(target, lo < 0 ? null : sorted[lo].Eta, lo < 0 ? null : sorted[hi].Eta, fastest, onset < 0 ? null : sorted[onset].Eta, answer, sentence);
    }

    private static string Range(LrScanRow[] sorted, int[] tied) =>
        tied.Length == 1 ? LrScanRecommendation.N(sorted[tied[0]].Eta) : string.Join(", ", tied.Select(i => LrScanRecommendation.N(sorted[i].Eta))) + " (tied)";

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
