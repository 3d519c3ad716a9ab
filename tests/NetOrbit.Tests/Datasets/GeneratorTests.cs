using NetOrbit.Data;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class GeneratorTests
{
    public static TheoryData<string, int, int, int> Shapes => new()
    {
        // source options, expected rows, features, classes
        { """{"source":"blobs"}""", 300, 2, 3 },
        { """{"source":"blobs","samples":120,"centers":4,"features":5}""", 120, 5, 4 },
        { """{"source":"moons"}""", 200, 2, 2 },
        { """{"source":"circles","samples":50}""", 50, 2, 2 },
        { """{"source":"spirals"}""", 300, 2, 2 },
        { """{"source":"spirals","samples":90,"classes":3}""", 90, 2, 3 },
        { """{"source":"xor"}""", 200, 2, 2 },
        { """{"source":"xor","samples":64,"features":3}""", 64, 3, 2 },
    };

    private static Dataset Generate(string options, int seed)
    {
        var json = options.Replace("{", $$"""{"name":"g","seed":{{seed}},""", StringComparison.Ordinal);
        return DatasetTestKit.Load(json);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generate_Shape_MatchesOptionsAndClassesAreBalanced(string options, int rows, int features, int classes)
    {
        var d = Generate(options, 1);

        Assert.Equal(rows, d.Rows);
        Assert.Equal(features, d.FeatureCount);
        Assert.Equal(classes, d.ClassCount);
        Assert.All(DatasetTestKit.ClassCounts(d), c => Assert.Equal(rows / classes, c));
        Assert.All(d.Features, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generate_SameSeed_IdenticalData_OtherSeed_DifferentData(string options, int rows, int features, int classes)
    {
        _ = (rows, features, classes);
        var a = Generate(options, 3);
        var b = Generate(options, 3);
        var c = Generate(options, 4);

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void Moons_NoNoise_PointsLieOnTheirUnitHalfCircles()
    {
        var d = DatasetTestKit.Load("""{"name":"m","source":"moons","noise":0,"samples":400}""");

        for (var r = 0; r < d.Rows; r++)
        {
            var (x, y) = (d.Features[2 * r], d.Features[2 * r + 1]);
            var (cx, cy, upper) = d.Labels[r] == 0 ? (0.0, 0.0, true) : (1.0, 0.5, false);
            Assert.Equal(1.0, Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)), 12);
            Assert.True(upper ? y >= cy : y <= cy);
        }
    }

    [Fact]
    public void Moons_Noise_SpreadAroundTheCirclesMatchesNoise()
    {
        var d = DatasetTestKit.Load("""{"name":"m","source":"moons","noise":0.1,"samples":4000}""");

        var radii = Enumerable.Range(0, d.Rows).Select(r =>
        {
            var (cx, cy) = d.Labels[r] == 0 ? (0.0, 0.0) : (1.0, 0.5);
            return Math.Sqrt(Math.Pow(d.Features[2 * r] - cx, 2) + Math.Pow(d.Features[2 * r + 1] - cy, 2));
        }).ToArray();
        var mean = radii.Average();
        var std = Math.Sqrt(radii.Select(v => (v - mean) * (v - mean)).Average());

        Assert.InRange(mean, 0.98, 1.03);
        Assert.InRange(std, 0.08, 0.12);
    }

    [Fact]
    public void Circles_InnerRadiusIsFactor_OuterIsOne()
    {
        var d = DatasetTestKit.Load("""{"name":"c","source":"circles","noise":0.01,"factor":0.3,"samples":2000}""");

        var mean = new double[2];
        var counts = DatasetTestKit.ClassCounts(d);
        for (var r = 0; r < d.Rows; r++)
        {
            mean[d.Labels[r]] += Math.Sqrt(Math.Pow(d.Features[2 * r], 2) + Math.Pow(d.Features[2 * r + 1], 2)) / counts[d.Labels[r]];
        }

        Assert.Equal(1.0, mean[0], 0.01);
        Assert.Equal(0.3, mean[1], 0.01);
    }

    [Fact]
    public void Blobs_PointsClusterAroundTheirOwnCentre()
    {
        var d = DatasetTestKit.Load("""{"name":"b","source":"blobs","samples":3000,"centers":3,"features":2,"cluster_std":0.5,"seed":5}""");

        // Class means estimate the centres; each point's spread around its class mean is cluster_std.
        var means = new double[3, 2];
        var counts = DatasetTestKit.ClassCounts(d);
        for (var r = 0; r < d.Rows; r++)
        {
            for (var f = 0; f < 2; f++)
            {
                means[d.Labels[r], f] += d.Features[2 * r + f] / counts[d.Labels[r]];
            }
        }

        double squares = 0;
        for (var r = 0; r < d.Rows; r++)
        {
            for (var f = 0; f < 2; f++)
            {
                squares += Math.Pow(d.Features[2 * r + f] - means[d.Labels[r], f], 2);
            }
        }

        Assert.Equal(0.5, Math.Sqrt(squares / (2 * d.Rows)), 0.02);
        for (var k = 0; k < 3; k++)
        {
            Assert.InRange(means[k, 0], -10.1, 10.1);
            Assert.InRange(means[k, 1], -10.1, 10.1);
        }
    }

    [Fact]
    public void Spirals_NoNoise_EveryPointLiesOnItsArm()
    {
        var d = DatasetTestKit.Load("""{"name":"s","source":"spirals","noise":0,"classes":3,"turns":1.5,"samples":300}""");

        for (var r = 0; r < d.Rows; r++)
        {
            var (x, y) = (d.Features[2 * r], d.Features[2 * r + 1]);
            var t = Math.Sqrt(x * x + y * y);
            var expected = 2 * Math.PI * (1.5 * t + d.Labels[r] / 3.0);
            var delta = Math.IEEERemainder(Math.Atan2(y, x) - expected, 2 * Math.PI);
            Assert.True(t < 1e-9 || Math.Abs(delta) < 1e-9, $"row {r}: angle off its arm by {delta}");
        }
    }

    [Fact]
    public void Xor_NoNoise_ClassIsWhetherTheSignsDiffer()
    {
        var d = DatasetTestKit.Load("""{"name":"x","source":"xor","noise":0}""");

        for (var r = 0; r < d.Rows; r++)
        {
            var differ = d.Features[2 * r] > 0 != d.Features[2 * r + 1] > 0;
            Assert.Equal(differ ? 1 : 0, d.Labels[r]);
            Assert.InRange(Math.Abs(d.Features[2 * r]), 0, 1);
        }
    }
}
