using NetOrbit.Report.LrScan;
using Xunit;
using static NetOrbit.Tests.Report.LrScan.LrScanRecommendationTests;

namespace NetOrbit.Tests.Report.LrScan;

public sealed class FastestVersusOnsetTests
{
    [Fact]
    public void Compare_FastestOneGridStepBelowTheOnset_Yes()
    {
        LrScanRow[] rows = [Row(0.1, time: 200), Row(0.3, time: 50), Row(1, time: 80, kept: 0.9), Row(3, kept: 1)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("yes", a.Answer);
        Assert.Equal(0.3, a.FastestEta);
        Assert.Equal(1, a.OnsetEta);
        Assert.Equal(50, a.FastestTime);
        Assert.StartsWith("Is the time to 0.9 test accuracy shortest where the exponent turns positive? Yes (one grid step apart)", a.Sentence);
    }

    [Fact]
    public void Compare_FastestFarBelowTheOnset_No()
    {
        LrScanRow[] rows = [Row(0.1, time: 20), Row(0.3, time: 50), Row(1, time: 80), Row(3, kept: 1)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("no", a.Answer);
        Assert.Contains("3 grid steps apart", a.Sentence);
    }

    [Fact]
    public void Compare_TiedFastest_AnyTiedEtaNextToTheOnsetCounts()
    {
        LrScanRow[] rows = [Row(0.1, time: 40), Row(0.3, time: 60), Row(1, time: 40), Row(3, time: 90, kept: 1)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("yes", a.Answer);
        Assert.Equal(0.1, a.FastestEta);
        Assert.Equal(1, a.FastestEtaHigh);
        Assert.Contains("at eta = 0.1, 1 (tied)", a.Sentence);
    }

    [Fact]
    public void Compare_ExponentNeverPositive_CannotTell()
    {
        LrScanRow[] rows = [Row(0.1, time: 40), Row(1, time: 30, kept: 0.4)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("cannot tell", a.Answer);
        Assert.Null(a.OnsetEta);
        Assert.Contains("the exponent never turns positive in the grid", a.Sentence);
    }

    [Fact]
    public void Compare_NoExponentMeasured_CannotTell()
    {
        LrScanRow[] rows = [Row(0.1, time: 40, kept: double.NaN), Row(1, time: 30, kept: double.NaN)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("cannot tell", a.Answer);
        Assert.Contains("the exponent was not measured", a.Sentence);
    }

    [Fact]
    public void Compare_NothingReachesTheTarget_CannotTell()
    {
        LrScanRow[] rows = [Row(0.1), Row(1, kept: 1)];
        var a = FastestVersusOnset.Compare(rows, 0.9);
        Assert.Equal("cannot tell", a.Answer);
        Assert.Null(a.FastestEta);
        Assert.Equal(1, a.OnsetEta);
        Assert.Contains("no eta reaches 0.9 test accuracy in the median", a.Sentence);
    }
}
