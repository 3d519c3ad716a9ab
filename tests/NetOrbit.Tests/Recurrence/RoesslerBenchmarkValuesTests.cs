using Xunit;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Tests.Recurrence;

/// <summary>
/// The public cross-tool benchmark (Marwan's RP speed test): Roessler x, m = 3, delay 6,
/// Euclidean, eps = 1.2, Theiler window 1, lmin = 2, first N samples; the values published
/// for RecurrenceAnalysis.jl must be reproduced to 1e-12 relative.
/// </summary>
public sealed class RoesslerBenchmarkValuesTests
{
    public static TheoryData<int, double, double, double, double, double, double> Published() => new()
    {
        { 200, 0.04152918420753215, 1.0, 21.470588235294116, 2.7616606779194828, 0.9726027397260275, 3.2946635730858462 },
        { 946, 0.03385271429915702, 0.9995254237288138, 18.756997455470742, 3.5331175320088297, 0.9896271186440677, 5.1937377690802355 },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Compute_RoesslerFirstNSamples_ReproducesPublishedJuliaValues(
        int n, double rr, double det, double l, double entr, double lam, double tt)
    {
        double[] points = DelayEmbedding.Embed(RecurrenceTestData.RoesslerX(n), 3, 6);
        var options = new RqaOptions { Threshold = RecurrenceThreshold.Fixed(1.2), TheilerWindow = 1, MinDiagonalLine = 2, MinVerticalLine = 2 };
        var r = RecurrenceQuantifier.Compute(points, 3, options);
        Assert.Equal(n - 12, r.PointCount);
        RecurrenceQuantifierTests.AssertClose(rr, r.RR, 1e-12, "RR");
        RecurrenceQuantifierTests.AssertClose(det, r.DET, 1e-12, "DET");
        RecurrenceQuantifierTests.AssertClose(l, r.L, 1e-12, "L");
        RecurrenceQuantifierTests.AssertClose(entr, r.ENTR, 1e-12, "ENTR");
        RecurrenceQuantifierTests.AssertClose(lam, r.LAM, 1e-12, "LAM");
        RecurrenceQuantifierTests.AssertClose(tt, r.TT, 1e-12, "TT");
    }

    [Fact]
    public void Compute_Roessler1000_MatchesJuliaPortForEveryMeasure()
    {
        double[] points = DelayEmbedding.Embed(RecurrenceTestData.RoesslerX(2000), 3, 6);
        var options = new RqaOptions { Threshold = RecurrenceThreshold.Fixed(1.2) };
        var expected = JuliaReference.Rqa(JuliaReference.Matrix(points, 3, 1.2, DistanceMetric.Euclidean), 1, 2, 2);
        var actual = RecurrenceQuantifier.Compute(points, 3, options);
        RecurrenceQuantifierTests.AssertMatches(expected, actual, 2, 2);
    }
}
