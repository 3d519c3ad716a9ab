namespace NetOrbit.Report.LrScan;

/// <summary>A scan's result for one dataset and architecture: its rows in eta order, the recommendation and the time-to-accuracy answer.</summary>
/// <param name="Rows">One per learning rate, ascending.</param>
/// <param name="Recommendation">The recommended learning rate and every eta's verdict.</param>
/// <param name="Answer">Is the time to the target shortest where the exponent turns positive?</param>
public sealed record LrScanGroup(IReadOnlyList<LrScanRow> Rows, LrScanRecommendation Recommendation, FastestVersusOnset Answer)
{
    /// <summary>Dataset name.</summary>
    public string Dataset => Recommendation.Dataset;

    /// <summary>Layer widths.</summary>
    public string Architecture => Recommendation.Architecture;
}
