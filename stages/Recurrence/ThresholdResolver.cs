using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Recurrence;

/// <summary>
/// Resolves a <see cref="RecurrenceThreshold"/> to a distance eps by streaming over the N(N-1)/2
/// pairs i &lt; j, never storing the distance matrix. Partial sums are formed per fixed block
/// of rows and combined in block order, so eps does not depend on the thread count.
/// </summary>
internal static class ThresholdResolver
{
    private const int RowBlock = 64;
    private const int CollectLimit = 1 << 22;

    internal static double Resolve(StateSet states, DistanceMetric metric, RecurrenceThreshold threshold, int workers) =>
        threshold.Kind switch
        {
            ThresholdKind.Fixed => threshold.Value,
            ThresholdKind.FractionOfMaximum => threshold.Value * MaximumDistance(states, metric, workers),
            ThresholdKind.FractionOfStandardDeviation => threshold.Value * StandardDeviation(states, metric, workers),
            _ => Quantile(states, metric, threshold.Value, workers),
        };

    /// <summary>Largest distance over i &lt; j (0 for one state).</summary>
    internal static double MaximumDistance(StateSet states, DistanceMetric metric, int workers)
    {
        int n = states.Count;
        var blockMax = new double[BlockCount(n)];
        ForEachBlock(n, workers, (block, buffer) =>
        {
            double max = 0;
            foreach (int i in BlockRows(block, n))
            {
                int count = n - i - 1;
                RowValues(states, metric, i, i + 1, count, buffer);
                for (int j = 0; j < count; j++)
                {
                    max = Math.Max(max, buffer[j]);
                }
            }

            blockMax[block] = max;
        });
        double result = 0;
        foreach (double m in blockMax)
        {
            result = Math.Max(result, m);
        }

        return metric == DistanceMetric.Euclidean ? Math.Sqrt(result) : result;
    }

    /// <summary>
    /// Corrected standard deviation of all N^2 entries of the distance matrix (zero diagonal
    /// included), as Julia's <c>std(distancematrix(x))</c>: two passes, mean then squared deviations.
    /// </summary>
    internal static double StandardDeviation(StateSet states, DistanceMetric metric, int workers)
    {
        int n = states.Count;
        if (n < 2)
        {
            return 0;
        }

        double total = (double)n * n;
        var sums = new CompensatedSum[BlockCount(n)];
        ForEachBlock(n, workers, (block, buffer) =>
        {
            var s = new CompensatedSum();
            foreach (int i in BlockRows(block, n))
            {
                int count = n - i - 1;
                Distances(states, metric, i, count, buffer);
                for (int j = 0; j < count; j++)
                {
                    s.Add(buffer[j]);
                }
            }

            sums[block] = s;
        });
        var all = new CompensatedSum();
        foreach (var s in sums)
        {
            all.Add(s);
        }

        double mean = 2 * all.Value / total;
        var squares = new CompensatedSum[sums.Length];
        ForEachBlock(n, workers, (block, buffer) =>
        {
            var s = new CompensatedSum();
            foreach (int i in BlockRows(block, n))
            {
                int count = n - i - 1;
                Distances(states, metric, i, count, buffer);
                for (int j = 0; j < count; j++)
                {
                    double d = buffer[j] - mean;
                    s.Add(d * d);
                }
            }

            squares[block] = s;
        });
        var sq = new CompensatedSum();
        foreach (var s in squares)
        {
            sq.Add(s);
        }

        double deviation = 2 * sq.Value + n * (mean * mean);
        return Math.Sqrt(deviation / (total - 1));
    }

    /// <summary>
    /// The q-quantile of all N^2 distance-matrix entries (N zeros on the diagonal, every pair
    /// twice), with Julia's default (type 7) interpolation between the order statistics j and j + 1.
    /// </summary>
    internal static double Quantile(StateSet states, DistanceMetric metric, double q, int workers)
    {
        int n = states.Count;
        if (n == 1)
        {
            return 0;
        }

        long total = (long)n * n;
        double aleph = total * q + (1 - q);
        long j = Math.Clamp((long)Math.Truncate(aleph), 1, total - 1);
        double gamma = Math.Clamp(aleph - j, 0, 1);
        double a = OrderStatistic(states, metric, n, j, workers);
        double b = OrderStatistic(states, metric, n, j + 1, workers);
        return a + gamma * (b - a);
    }

    /// <summary>The j-th (1-based) smallest entry of the full distance matrix.</summary>
    private static double OrderStatistic(StateSet states, DistanceMetric metric, int n, long j, int workers)
    {
        if (j <= n)
        {
            return 0;
        }

        long k = (j - n - 1) / 2;
        double value = SelectUpper(states, metric, k, workers);
        return metric == DistanceMetric.Euclidean ? Math.Sqrt(value) : value;
    }

    /// <summary>
    /// Exact k-th (0-based) smallest accumulated value over pairs i &lt; j by radix selection on
    /// the IEEE bit pattern (monotone for non-negative doubles): 16 bits per pass, then the
    /// remaining candidates are collected and sorted once they are few.
    /// </summary>
    internal static double SelectUpper(StateSet states, DistanceMetric metric, long k, int workers)
    {
        int n = states.Count;
        ulong prefix = 0;
        int fixedBits = 0;
        long bucketCount = (long)n * (n - 1) / 2;
        while (true)
        {
            if (bucketCount <= CollectLimit || fixedBits == 64)
            {
                var candidates = Collect(states, metric, prefix, fixedBits, workers);
                candidates.Sort();
                return candidates[(int)k];
            }

            int shift = 64 - fixedBits - 16;
            var histograms = new long[BlockCount(n)][];
            ulong p = prefix;
            int fb = fixedBits;
            ForEachBlock(n, workers, (block, buffer) =>
            {
                var h = new long[1 << 16];
                foreach (int i in BlockRows(block, n))
                {
                    int count = n - i - 1;
                    RowValues(states, metric, i, i + 1, count, buffer);
                    for (int c = 0; c < count; c++)
                    {
                        ulong bits = BitConverter.DoubleToUInt64Bits(buffer[c]);
                        if (fb == 0 || bits >> (64 - fb) == p)
                        {
                            h[(int)((bits >> shift) & 0xFFFF)]++;
                        }
                    }
                }

                histograms[block] = h;
            });
            var merged = new long[1 << 16];
            foreach (var h in histograms)
            {
                for (int b = 0; b < merged.Length; b++)
                {
                    merged[b] += h[b];
                }
            }

            int bucket = 0;
            while (k >= merged[bucket])
            {
                k -= merged[bucket];
                bucket++;
            }

            prefix = (prefix << 16) | (uint)bucket;
            fixedBits += 16;
            bucketCount = merged[bucket];
        }
    }

    private static List<double> Collect(StateSet states, DistanceMetric metric, ulong prefix, int fixedBits, int workers)
    {
        int n = states.Count;
        var parts = new List<double>[BlockCount(n)];
        ForEachBlock(n, workers, (block, buffer) =>
        {
            var list = new List<double>();
            foreach (int i in BlockRows(block, n))
            {
                int count = n - i - 1;
                RowValues(states, metric, i, i + 1, count, buffer);
                for (int c = 0; c < count; c++)
                {
                    ulong bits = BitConverter.DoubleToUInt64Bits(buffer[c]);
                    if (fixedBits == 0 || bits >> (64 - fixedBits) == prefix)
                    {
                        list.Add(buffer[c]);
                    }
                }
            }

            parts[block] = list;
        });
        var all = new List<double>();
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        return all;
    }

    private static int BlockCount(int n) => (n + RowBlock - 1) / RowBlock;

    private static IEnumerable<int> BlockRows(int block, int n)
    {
        int end = Math.Min(n, (block + 1) * RowBlock);
        for (int i = block * RowBlock; i < end; i++)
        {
            yield return i;
        }
    }

    private static void ForEachBlock(int n, int workers, Action<int, double[]> body) =>
        Parallel.For(
            0,
            BlockCount(n),
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => new double[n + 8],
            (block, _, buffer) =>
            {
                body(block, buffer);
                return buffer;
            },
            _ => { });

    /// <summary>Distances from state <paramref name="row"/> to states row+1 .. row+count.</summary>
    private static void Distances(StateSet states, DistanceMetric metric, int row, int count, double[] buffer)
    {
        RowValues(states, metric, row, row + 1, count, buffer);
        if (metric == DistanceMetric.Euclidean)
        {
            for (int c = 0; c < count; c++)
            {
                buffer[c] = Math.Sqrt(buffer[c]);
            }
        }
    }

    /// <summary>
    /// Accumulated values (sum of squares for Euclidean, the distance otherwise) from state
    /// <paramref name="row"/> to states start .. start + count - 1, with the operations of
    /// <see cref="StateSet.Distance"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowValues(StateSet states, DistanceMetric metric, int row, int start, int count, double[] buffer)
    {
        int m = states.Dimension;
        double[][] columns = states.Columns;
        double[] rows = states.Rows;
        ref double dest = ref MemoryMarshal.GetArrayDataReference(buffer);
        for (int c = 0; c < count; c += 8)
        {
            nuint o = (nuint)(start + c);
            var acc = Vector512<double>.Zero;
            for (int k = 0; k < m; k++)
            {
                var diff = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[k]), o) - Vector512.Create(rows[row * m + k]);
                acc = metric switch
                {
                    DistanceMetric.Euclidean => k == 0 ? diff * diff : acc + diff * diff,
                    DistanceMetric.Manhattan => k == 0 ? Vector512.Abs(diff) : acc + Vector512.Abs(diff),
                    _ => k == 0 ? Vector512.Abs(diff) : Vector512.MaxNative(acc, Vector512.Abs(diff)),
                };
            }

            acc.StoreUnsafe(ref dest, (nuint)c);
        }
    }
}
