using NetOrbit.Randomness;
using Xunit;

namespace NetOrbit.Tests.Randomness;

/// <summary>
/// Known answers of the one generator. The expected values were produced by the former
/// <c>NetOrbit.Training.SeededRandom</c> (before it moved to Core), so initial networks, perturbations
/// and the SGD shuffle keep their exact bits.
/// </summary>
public sealed class SeededRandomTests
{
    [Fact]
    public void NextUInt64_Seed42_MatchesKnownXoshiro256StarStarOutputs()
    {
        var rng = new SeededRandom(42);
        ulong[] expected = [1546998764402558742UL, 6990951692964543102UL, 12544586762248559009UL, 17057574109182124193UL, 18295552978065317476UL];
        Assert.Equal(expected, expected.Select(_ => rng.NextUInt64()).ToArray());
    }

    [Theory]
    [InlineData(0L, 11091344671253066420UL, 13793997310169335082UL, 1900383378846508768UL)]
    [InlineData(-7L, 17511466064979161794UL, 15461944981646629852UL, 8317729841091847865UL)]
    public void NextUInt64_OtherSeeds_MatchKnownOutputs(long seed, ulong a, ulong b, ulong c)
    {
        var rng = new SeededRandom(seed);
        Assert.Equal([a, b, c], new[] { rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64() });
    }

    [Fact]
    public void NextDouble_NextSymmetric_NextGaussian_NextInt_Seed42_MatchKnownOutputs()
    {
        var rng = new SeededRandom(42);
        Assert.Equal([0.08386297105988216, 0.3789802506626686, 0.6800434110281394], new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() });

        rng = new SeededRandom(42);
        Assert.Equal([-0.41613702894011784, -0.1210197493373314, 0.18004341102813937], new[] { rng.NextSymmetric(0.5), rng.NextSymmetric(0.5), rng.NextSymmetric(0.5) });

        rng = new SeededRandom(42);
        Assert.Equal([-0.7262191382447857, -0.21119691823195985, 0.2216227015035933, 0.5227716877560146], new[] { rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian() });

        rng = new SeededRandom(42);
        Assert.Equal([2, 2, 9, 3, 6], new[] { rng.NextInt(10), rng.NextInt(10), rng.NextInt(10), rng.NextInt(10), rng.NextInt(10) });
    }

    [Fact]
    public void NextDouble_StaysInUnitIntervalWithMeanOneHalf()
    {
        var rng = new SeededRandom(3);
        const int n = 100_000;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
        }

        Assert.Equal(0.5, sum / n, 0.005); // standard error 0.0009
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NextInt_NonPositiveBound_Throws(int bound) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandom(1).NextInt(bound));

    [Fact]
    public void NextInt_StaysInBounds()
    {
        var rng = new SeededRandom(11);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(0, rng.NextInt(1));
            Assert.InRange(rng.NextInt(7), 0, 6);
            Assert.InRange(rng.NextInt(int.MaxValue), 0, int.MaxValue - 1);
        }
    }

    [Fact]
    public void NextInt_IsUniformOverTenValues()
    {
        // 100,000 draws over 10 values: each count ~ 10,000 with standard deviation ~95; allow 5 sigma,
        // and a chi-square (9 degrees of freedom) below 33.7 (p = 1e-4).
        var rng = new SeededRandom(2024);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[rng.NextInt(10)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_525, 10_475));
        var chiSquare = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chiSquare < 33.7, $"chi-square {chiSquare}");
    }

    [Fact]
    public void NextGaussian_HasMeanZeroAndVarianceOne()
    {
        // 200,000 draws: standard error of the mean 0.0022, of the variance 0.0032; tolerances are ~4.5 and ~6 of them.
        var rng = new SeededRandom(7);
        const int n = 200_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var z = rng.NextGaussian();
            sum += z;
            sumSquares += z * z;
        }

        var mean = sum / n;
        Assert.Equal(0.0, mean, 0.01);
        Assert.Equal(1.0, sumSquares / n - mean * mean, 0.02);
    }

    [Fact]
    public void Shuffle_IsTheDescendingFisherYatesOfTheSgdTrainer()
    {
        var order = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(9).Shuffle(order.AsSpan());

        var expected = Enumerable.Range(0, 50).ToArray();
        var rng = new SeededRandom(9);
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        Assert.Equal(expected, order);
        Assert.Equal(Enumerable.Range(0, 50), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public void SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        var a = new SeededRandom(123);
        var b = new SeededRandom(123);
        var c = new SeededRandom(124);
        var sa = Enumerable.Range(0, 16).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 16).Select(_ => b.NextUInt64()));
        Assert.NotEqual(sa, Enumerable.Range(0, 16).Select(_ => c.NextUInt64()));
    }
}
