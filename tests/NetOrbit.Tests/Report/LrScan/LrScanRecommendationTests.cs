using NetOrbit.Report.LrScan;
using Xunit;

namespace NetOrbit.Tests.Report.LrScan;

public sealed class LrScanRecommendationTests
{
    /// <summary>A hand-made row of 10 initial conditions, one run each.</summary>
    internal static LrScanRow Row(double eta, double time = double.NaN, int reached = 0, double kept = 0, int chaotic = 0, int divergent = 0, int diverged = 0, int n = 10) =>
        new("iris", "4-10-3", eta, n, n, diverged, double.IsFinite(time) && reached == 0 ? n : reached, time, 0.9, 0.01, kept, 1, 0.5, n - chaotic - divergent, 0, chaotic, divergent);

    [Fact]
    public void Recommend_ChaosStartsAboveTheLearners_PicksTheLargestLearnerBelowTheOnset()
    {
        LrScanRow[] rows = [Row(0.01), Row(0.1, time: 200), Row(0.3, time: 80), Row(1, time: 60, kept: 0.2, chaotic: 6), Row(3, chaotic: 10)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.3, r.Eta);
        Assert.Equal(1, r.OnsetEta);
        Assert.Equal(["smaller", "smaller", "recommended", "onset of chaos", "above the onset"], r.Verdicts.Select(v => v.Label));
        Assert.Equal([false, false, false, true, true], r.Verdicts.Select(v => v.Rejected));
        Assert.Contains("6/10 runs classified chaotic or divergent", r.Verdicts[3].Reason);
        Assert.Contains("above the onset of chaos at eta = 1", r.Verdicts[4].Reason);
        Assert.Contains("the onset is the next grid point", r.Summary);
    }

    [Fact]
    public void Recommend_PositiveExponentAloneIsTheOnset_EvenWhenTheRunsStillLearnAndLookCalm()
    {
        // The edge of stability: the runs learn, the classifier says nothing chaotic, but most copies separate exponentially.
        LrScanRow[] rows = [Row(0.1, time: 200), Row(0.5, time: 90), Row(1, time: 50, kept: 0.8), Row(2, time: 40, kept: 0.9)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.5, r.Eta);
        Assert.Equal(1, r.OnsetEta);
        Assert.Contains("exponent positive in 80% of runs", r.Verdicts[2].Reason);
    }

    [Fact]
    public void Recommend_ACalmEtaAboveTheOnset_IsStillRejected()
    {
        // Noise: eta = 3 looks calm again, but the onset is the first unstable eta.
        LrScanRow[] rows = [Row(0.1, time: 100), Row(1, chaotic: 8), Row(3, time: 50)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.1, r.Eta);
        Assert.Equal("above the onset", r.Verdicts[2].Label);
    }

    [Fact]
    public void Recommend_ALargerEtaThatDoesNotLearn_IsRejectedWithItsReason()
    {
        LrScanRow[] rows = [Row(0.1, time: 100), Row(0.3, time: double.NaN, reached: 4), Row(1, chaotic: 10)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.1, r.Eta);
        Assert.Equal("does not learn", r.Verdicts[1].Label);
        Assert.Contains("4/10 reach 0.9", r.Verdicts[1].Reason);
    }

    [Fact]
    public void Recommend_NothingLearns_NoRecommendationAndSaysWhy()
    {
        LrScanRow[] rows = [Row(0.01), Row(0.1), Row(1, chaotic: 10)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Null(r.Eta);
        Assert.Equal(1, r.OnsetEta);
        Assert.StartsWith("no recommendation: no eta below the onset of chaos at eta = 1 reaches 0.9", r.Summary);
        Assert.All(r.Verdicts, v => Assert.True(v.Rejected));
    }

    [Fact]
    public void Recommend_TheSmallestEtaIsAlreadyChaotic_NoRecommendation()
    {
        LrScanRow[] rows = [Row(1, time: 20, diverged: 6), Row(3, divergent: 10)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Null(r.Eta);
        Assert.Equal(1, r.OnsetEta);
        Assert.Contains("start the grid lower", r.Summary);
        Assert.Contains("6/10 runs diverged", r.Verdicts[0].Reason);
    }

    [Fact]
    public void Recommend_NoOnsetInTheGrid_TakesTheLargestLearnerAndSaysTheGridMayBeTooShort()
    {
        LrScanRow[] rows = [Row(0.01), Row(0.1, time: 100), Row(0.2, time: 60), Row(0.3)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.2, r.Eta);
        Assert.Null(r.OnsetEta);
        Assert.Contains("extend the grid", r.Summary);
        Assert.Equal("does not learn", r.Verdicts[3].Label);
    }

    [Fact]
    public void Recommend_ExactlyHalfChaoticOrKept_IsNotYetTheOnset()
    {
        // "More than half": 5 of 10 is not a majority.
        LrScanRow[] rows = [Row(0.1, time: 100), Row(0.5, time: 80, kept: 0.5, chaotic: 5)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal(0.5, r.Eta);
        Assert.Null(r.OnsetEta);
    }

    [Fact]
    public void Recommend_RowsInAnyOrder_AreSortedByEta()
    {
        LrScanRow[] rows = [Row(3, chaotic: 10), Row(0.1, time: 100), Row(1, time: 50)];
        var r = LrScanRecommendation.Recommend(rows, 0.9);
        Assert.Equal([0.1, 1, 3], r.Verdicts.Select(v => v.Eta));
        Assert.Equal(1, r.Eta);
    }

    [Fact]
    public void Learns_MedianOverInitialConditions_CountsNeverReachedAsInfinite()
    {
        // Two of four reach it: the median of {10, 20, inf, inf} is infinite.
        Assert.Equal(double.PositiveInfinity, LrScanAnalysis.Median([10, double.PositiveInfinity, 20, double.PositiveInfinity]));
        Assert.Equal(25, LrScanAnalysis.Median([10, 20, 30, double.PositiveInfinity, 5, double.PositiveInfinity]), 12);
        Assert.Equal(20, LrScanAnalysis.Median([10, 20, double.PositiveInfinity]));
        Assert.True(double.IsNaN(LrScanAnalysis.Median([])));
    }
}
