namespace NetOrbit.Report.LrScan;

/// <summary>
/// What a learning-rate scan found in a run directory: per dataset and architecture the per-eta
/// rows, the recommended learning rate and the time-to-accuracy answer. Works on any run directory
/// (with trajectories for the time to the target; lyapunov, sharpness and regimes tables where there).
/// </summary>
/// <param name="Target">Target test accuracy.</param>
/// <param name="Groups">One per (dataset, architecture), in grid order.</param>
public sealed record LrScanResult(double Target, IReadOnlyList<LrScanGroup> Groups)
{
    /// <summary>Every row of every group, in order (the rows of <c>lr_scan.arrow</c>).</summary>
    public IEnumerable<(LrScanRow Row, LrScanVerdict Verdict)> Rows =>
        Groups.SelectMany(g => g.Rows.Zip(g.Recommendation.Verdicts));

    /// <summary>Reads <paramref name="runDirectory"/> and applies the recommendation rule.</summary>
    /// <exception cref="InputFileException">Not a run directory, or a table is unreadable.</exception>
    public static LrScanResult Analyze(string runDirectory, double target)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        if (!(target > 0 && target <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "the target test accuracy must be in (0, 1]");
        }

        return From(RunDirectory.Open(runDirectory), target);
    }

    internal static LrScanResult From(RunDirectory run, double target) =>
        new(target, [.. LrScanAnalysis.Groups(run, target).Select(rows => new LrScanGroup(rows, LrScanRecommendation.Recommend(rows, target), FastestVersusOnset.Compare(rows, target)))]);
}
