using Xunit;
using NetOrbit.Recurrence;

namespace NetOrbit.Tests.Recurrence;

public sealed class RecurrenceQuantifierTests
{
    public static TheoryData<string, int, int, DistanceMetric, int, int, int, int> OracleCases()
    {
        var data = new TheoryData<string, int, int, DistanceMetric, int, int, int, int>();
        int seed = 1;
        foreach (string kind in new[] { "walk", "sine", "noise" })
        {
            foreach (var metric in new[] { DistanceMetric.Euclidean, DistanceMetric.Maximum, DistanceMetric.Manhattan })
            {
                foreach (var (theiler, lmin, vmin) in new[] { (1, 2, 2), (0, 2, 2), (0, 1, 1), (3, 3, 1), (2, 1, 4) })
                {
                    int m = (seed % 5) switch { 0 => 1, 1 => 3, 2 => 2, 3 => 11, _ => 20 };
                    data.Add(kind, 150 + 37 * (seed % 7), m, metric, theiler, lmin, vmin, seed);
                    seed++;
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Quantify_RandomSeries_MatchesJuliaPortOnMaterialisedMatrix(
        string kind, int n, int m, DistanceMetric metric, int theiler, int lmin, int vmin, int seed)
    {
        double[] x = kind switch
        {
            "walk" => RecurrenceTestData.RandomWalk(n, m, seed),
            "sine" => RecurrenceTestData.NoisySine(n, m, seed),
            _ => RecurrenceTestData.Noise(n, m, seed),
        };
        var states = StateSet.FromRowMajor(x, m);
        double eps = ThresholdResolver.Quantile(states, metric, 0.12, 1);
        var options = new RqaOptions { Metric = metric, TheilerWindow = theiler, MinDiagonalLine = lmin, MinVerticalLine = vmin };
        var expected = JuliaReference.Rqa(JuliaReference.Matrix(x, m, eps, metric), theiler, lmin, vmin);

        // Narrow strips (64, 128 columns) make diagonal lines cross many strip edges; 1024 is the production width.
        foreach (int width in new[] { 64, 128, 1024 })
        {
            foreach (int workers in new[] { 1, 2 })
            {
                var actual = RecurrenceQuantifier.Quantify(states, eps, options with { MaxDegreeOfParallelism = workers }, width);
                AssertMatches(expected, actual, lmin, vmin);
            }
        }
    }

    [Theory]
    [InlineData(DistanceMetric.Manhattan)]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Maximum)]
    public void Quantify_HighDimensionWithoutBoxCulling_MatchesJuliaPort(DistanceMetric metric)
    {
        int m = DistanceKernels.MaxCullingDimension + 44;
        double[] x = RecurrenceTestData.RandomWalk(180, m, 5, 0.001);
        var states = StateSet.FromRowMajor(x, m);
        double eps = ThresholdResolver.Quantile(states, metric, 0.1, 2);
        var expected = JuliaReference.Rqa(JuliaReference.Matrix(x, m, eps, metric), 1, 2, 2);
        var actual = RecurrenceQuantifier.Quantify(states, eps, new RqaOptions { Metric = metric }, 64);
        AssertMatches(expected, actual, 2, 2);
    }

    [Fact]
    public void Quantify_ThreadCountAndStripWidth_GiveIdenticalResults()
    {
        double[] x = RecurrenceTestData.NoisySine(700, 3, 7);
        var states = StateSet.FromRowMajor(x, 3);
        var options = new RqaOptions { Threshold = RecurrenceThreshold.Fixed(0.3) };
        var reference = RecurrenceQuantifier.Quantify(states, 0.3, options with { MaxDegreeOfParallelism = 1 }, 1024);
        foreach (int width in new[] { 64, 192, 320 })
        {
            var other = RecurrenceQuantifier.Quantify(states, 0.3, options with { MaxDegreeOfParallelism = 2 }, width);
            Assert.Equal(reference.Measures.Select(p => p.Value), other.Measures.Select(p => p.Value));
            Assert.Equal(reference.DiagonalHistogram.ToArray(), other.DiagonalHistogram.ToArray());
            Assert.Equal(reference.VerticalHistogram.ToArray(), other.VerticalHistogram.ToArray());
            Assert.Equal(reference.RecurrenceTimeHistogram.ToArray(), other.RecurrenceTimeHistogram.ToArray());
        }
    }

    [Fact]
    public void Quantify_HandCheckedPeriodicSeries_GivesKnownLines()
    {
        // x = 0, 1, 0, 1, ... (m = 1, eps = 0.5): R(i, j) = 1 exactly when i - j is even, so every
        // diagonal d = 2, 4, ... is one full line of length N - d, and no vertical line is longer than 1.
        int n = 10;
        double[] x = Enumerable.Range(0, n).Select(i => (double)(i % 2)).ToArray();
        var r = RecurrenceQuantifier.Compute(x, 1, new RqaOptions { Threshold = RecurrenceThreshold.Fixed(0.5) });

        // Upper triangle: diagonals 2, 4, 6, 8 with 8 + 6 + 4 + 2 = 20 points, doubled = 40 of 90 cells.
        Assert.Equal(40, r.RecurrenceCount);
        Assert.Equal(40.0 / 90.0, r.RR, 15);
        Assert.Equal(1.0, r.DET, 15);
        Assert.Equal(8, r.Lmax);
        Assert.Equal(5.0, r.L, 15); // lines of length 8, 6, 4, 2 on both sides
        Assert.Equal(0.0, r.LAM);
        Assert.Equal(0.0, r.TT);
        Assert.True(double.IsNaN(r.VENTR));
        Assert.Equal(Math.Log(4), r.ENTR, 14);

        // Recurrence times (Julia: gap between lines plus half of each length, integer halves):
        // single points 2 apart give 1, points 4 apart across the excluded diagonal give 3.
        // Columns 0, 1, 8, 9 hold three 1s; columns 2..7 hold two 1s and one 3: 24 ones, 6 threes.
        Assert.Equal(42.0 / 30.0, r.MRT, 15);
        Assert.Equal(-(0.8 * Math.Log(0.8) + 0.2 * Math.Log(0.2)), r.RTE, 14);
        Assert.Equal(24.0, r.NMPRT);
        Assert.Equal(new long[] { 0, 40 }, r.VerticalHistogram.ToArray());
    }

    [Fact]
    public void Quantify_ConstantSeriesWithoutTheilerWindow_IsOneBlock()
    {
        // Every pair recurs: the matrix is all ones; one vertical line of length N per column, and
        // with w = 0 the diagonal histogram holds 2 lines of each length 1..N-1 plus the line of identity.
        int n = 50;
        double[] x = new double[n];
        var r = RecurrenceQuantifier.Compute(x, 1, new RqaOptions { Threshold = RecurrenceThreshold.Fixed(0), TheilerWindow = 0 });
        Assert.Equal(1.0, r.RR);
        Assert.Equal(n, r.Vmax);
        Assert.Equal(n, r.VerticalHistogram[n]);
        Assert.Equal(1, r.DiagonalHistogram[n]);
        Assert.All(Enumerable.Range(1, n - 1), l => Assert.Equal(2, r.DiagonalHistogram[l]));
        Assert.Equal(0.0, r.MRT);
        Assert.Equal(0.0, r.NMPRT);
    }

    [Fact]
    public void Compute_InvalidOptions_NameTheOption()
    {
        double[] x = [1, 2, 3, 4];
        var e1 = Assert.Throws<ArgumentException>(() => RecurrenceQuantifier.Compute(x, 1, new RqaOptions { MinDiagonalLine = 0 }));
        Assert.Contains("MinDiagonalLine", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() =>
            RecurrenceQuantifier.Compute(x, 1, new RqaOptions { Threshold = RecurrenceThreshold.RecurrenceRate(1.5) }));
        Assert.Contains("Threshold", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => RecurrenceQuantifier.Compute([1, double.NaN], 1, new RqaOptions()));
        Assert.Contains("state 1", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => RecurrenceQuantifier.Compute(x, 1, new RqaOptions { TheilerWindow = 4 }));
        Assert.Contains("TheilerWindow", e4.Message);
    }

    internal static void AssertMatches(JuliaReference.Result expected, RqaResult actual, int lmin, int vmin)
    {
        AssertClose(expected.RR, actual.RR, 1e-14, "RR");
        AssertClose(expected.DET, actual.DET, 1e-14, "DET");
        AssertClose(expected.L, actual.L, 1e-14, "L");
        AssertClose(expected.Lmax, actual.Lmax, 0, "Lmax");
        AssertClose(expected.DIV, actual.DIV, 0, "DIV");
        AssertClose(expected.ENTR, actual.ENTR, 1e-13, "ENTR");
        AssertClose(expected.TREND, actual.TREND, 1e-9, "TREND");
        AssertClose(expected.LAM, actual.LAM, 1e-14, "LAM");
        AssertClose(expected.TT, actual.TT, 1e-14, "TT");
        AssertClose(expected.Vmax, actual.Vmax, 0, "Vmax");
        AssertClose(expected.VENTR, actual.VENTR, 1e-13, "VENTR");
        AssertClose(expected.MRT, actual.MRT, 1e-14, "MRT");
        AssertClose(expected.RTE, actual.RTE, 1e-13, "RTE");
        AssertClose(expected.NMPRT, actual.NMPRT, 0, "NMPRT");
        Assert.Equal(Filtered(expected.DiagonalHistogram, lmin), Filtered([.. actual.DiagonalHistogram.Skip(1)], lmin));
        Assert.Equal(Filtered(expected.VerticalHistogram, vmin), Filtered([.. actual.VerticalHistogram.Skip(1)], vmin));
        Assert.Equal(Filtered(expected.RecurrenceTimeHistogram, 1), Filtered([.. actual.RecurrenceTimeHistogram.Skip(1)], 1));
    }

    /// <summary>Counts of lengths &gt;= min as (length, count) pairs, index 0 of the input = length 1.</summary>
    private static List<(int, long)> Filtered(long[] h, int min) =>
        [.. h.Select((c, i) => (i + 1, c)).Where(p => p.Item1 >= min && p.c != 0)];

    internal static void AssertClose(double expected, double actual, double relative, string name)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{name}: expected {expected}, got {actual}");
            return;
        }

        double err = Math.Abs(expected - actual);
        Assert.True(err <= relative * Math.Abs(expected) || err == 0, $"{name}: expected {expected:R}, got {actual:R} (relative error {err / Math.Abs(expected):E2})");
    }
}
