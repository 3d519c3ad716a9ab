using Xunit;
using NetOrbit.Recurrence;

namespace NetOrbit.Tests.Recurrence;

public sealed class ThresholdResolverTests
{
    public static TheoryData<DistanceMetric, int, int> Cases() => new()
    {
        { DistanceMetric.Euclidean, 3, 1 },
        { DistanceMetric.Manhattan, 5, 2 },
        { DistanceMetric.Maximum, 2, 3 },
        { DistanceMetric.Euclidean, 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_AllKinds_MatchBruteForceOverTheFullDistanceMatrix(DistanceMetric metric, int m, int seed)
    {
        int n = 173;
        double[] x = RecurrenceTestData.RandomWalk(n, m, seed);
        var states = StateSet.FromRowMajor(x, m);
        var all = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                all.Add(JuliaReference.Distance(x, m, i, j, metric));
            }
        }

        // maximum
        Assert.Equal(all.Max(), ThresholdResolver.MaximumDistance(states, metric, 2));

        // corrected std of the N^2 entries (two-pass)
        double mean = all.Sum() / all.Count;
        double std = Math.Sqrt(all.Sum(d => (d - mean) * (d - mean)) / (all.Count - 1));
        RecurrenceQuantifierTests.AssertClose(std, ThresholdResolver.StandardDeviation(states, metric, 2), 1e-13, "std");

        // type-7 quantile: exact selection, so exact equality with sorting
        all.Sort();
        foreach (double q in new[] { 0.001, 0.05, 0.1, 0.37, 0.9 })
        {
            int total = all.Count;
            double aleph = total * q + (1 - q);
            int j = Math.Clamp((int)Math.Truncate(aleph), 1, total - 1);
            double gamma = Math.Clamp(aleph - j, 0, 1);
            double expected = all[j - 1] + gamma * (all[j] - all[j - 1]);
            Assert.Equal(expected, ThresholdResolver.Quantile(states, metric, q, 2));
        }
    }

    [Fact]
    public void SelectUpper_ManyPairs_RadixPassesAgreeWithSorting()
    {
        // 3000 states give 4.5 million pairs, more than the collect limit, so the radix passes run.
        int n = 3000;
        double[] x = RecurrenceTestData.Noise(n, 2, 11);
        var states = StateSet.FromRowMajor(x, 2);
        var values = new List<double>();
        var buffer = new double[n + 8];
        for (int i = 0; i < n; i++)
        {
            ThresholdResolver.RowValues(states, DistanceMetric.Manhattan, i, i + 1, n - i - 1, buffer);
            values.AddRange(buffer.Take(n - i - 1));
        }

        values.Sort();
        foreach (long k in new long[] { 0, 12345, values.Count / 3, values.Count - 1 })
        {
            Assert.Equal(values[(int)k], ThresholdResolver.SelectUpper(states, DistanceMetric.Manhattan, k, 2));
        }

        // The sampled bracket and its single culled sweep give the same exact order statistics.
        foreach (long k in new long[] { 0, 1, 4567, values.Count / 20, values.Count / 2, values.Count - 2 })
        {
            Assert.Equal([values[(int)k], values[(int)k + 1]], ThresholdResolver.SelectUpperRanks(states, DistanceMetric.Manhattan, k, k + 1, 2));
        }
    }

    [Theory]
    [InlineData(DistanceMetric.Euclidean, 3)]
    [InlineData(DistanceMetric.Maximum, 40)]
    public void Quantile_ManyPairs_EqualsSortedFullMatrix(DistanceMetric metric, int m)
    {
        int n = 3000;
        double[] x = RecurrenceTestData.RandomWalk(n, m, 9);
        var states = StateSet.FromRowMajor(x, m);
        var upper = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                upper.Add(JuliaReference.Distance(x, m, i, j, metric));
            }
        }

        upper.Sort();
        double Entry(long e) => e <= n ? 0 : upper[(int)((e - n - 1) / 2)]; // 1-based entry of the sorted N^2 matrix
        foreach (double q in new[] { 0.0001, 0.05, 0.3 })
        {
            long total = (long)n * n;
            double aleph = total * q + (1 - q);
            long j = Math.Clamp((long)Math.Truncate(aleph), 1, total - 1);
            double gamma = Math.Clamp(aleph - j, 0, 1);
            double expected = Entry(j) + gamma * (Entry(j + 1) - Entry(j));
            Assert.Equal(expected, ThresholdResolver.Quantile(states, metric, q, 2));
        }
    }

    [Fact]
    public void Limit_Euclidean_IsExactlyTheSquareRootBoundary()
    {
        foreach (double eps in new[] { 0.0, 1e-300, 0.1, 1.2, 3.3, 7e150, 1e200 })
        {
            double t = DistanceKernels.Limit(eps, DistanceMetric.Euclidean);
            Assert.True(Math.Sqrt(t) <= eps);
            double next = Math.BitIncrement(t);
            Assert.True(!double.IsFinite(next) || Math.Sqrt(next) > eps);
        }
    }
}
