using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetOrbit.Randomness;

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
        if (total * q + (1 - q) < n)
        {
            return 0;
        }

        double aleph = total * q + (1 - q);
        long j = Math.Clamp((long)Math.Truncate(aleph), 1, total - 1);
        double gamma = Math.Clamp(aleph - j, 0, 1);

        // Entries j and j + 1 of the sorted N^2 entries: the N zeros of the diagonal come first, then
        // every pair's value twice, so entry e > N is the pair value of rank (e - N - 1) / 2.
        long ka = j <= n ? -1 : (j - n - 1) / 2;
        long kb = (j - n) / 2;
        double[] values = SelectUpperRanks(states, metric, Math.Max(ka, 0), kb, workers);
        double a = ka < 0 ? 0 : ToDistance(values[0], metric);
        double b = ToDistance(values[^1], metric);
        return a + gamma * (b - a);
    }

    private static double ToDistance(double value, DistanceMetric metric) => metric == DistanceMetric.Euclidean ? Math.Sqrt(value) : value;

    /// <summary>
    /// The accumulated values of ranks <paramref name="first"/> .. <paramref name="last"/> (0-based,
    /// ascending) over the pairs i &lt; j, exactly. A seeded sample of pairs brackets the ranks; one
    /// sweep of the upper triangle (8 x 8 blocks culled by bounding boxes against the bracket's top)
    /// counts the values below the bracket and collects those inside; when the ranks fall outside
    /// (improbable) the bracket widens, and as a last resort the radix selection runs. The sample only
    /// steers the work: the answer is exact and does not depend on it.
    /// </summary>
    internal static double[] SelectUpperRanks(StateSet states, DistanceMetric metric, long first, long last, int workers)
    {
        int n = states.Count;
        long total = (long)n * (n - 1) / 2;
        if (total <= CollectLimit)
        {
            var all = Collect(states, metric, 0, 0, workers);
            all.Sort();
            return [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => all[(int)(first + i)])];
        }

        const int sampleSize = 1 << 16;
        var rng = new SeededRandom(0x5EED);
        var sample = new double[sampleSize];
        for (int s = 0; s < sampleSize; s++)
        {
            int i = rng.NextInt(n);
            int j = rng.NextInt(n - 1);
            j += j >= i ? 1 : 0;
            sample[s] = Accumulated(states, metric, i, j);
        }

        Array.Sort(sample);
        double f = (first + 0.5) / total;
        int centre = (int)(f * sampleSize);
        int delta = (int)(4 * Math.Sqrt(sampleSize * f * (1 - f))) + 16;
        for (int attempt = 0; attempt < 3; attempt++, delta *= 8)
        {
            double lo = centre - delta <= 0 ? 0 : sample[centre - delta];
            double hi = centre + delta >= sampleSize - 1 ? double.MaxValue : sample[centre + delta];
            var (below, inside) = Bracket(states, metric, lo, hi, workers);
            if (inside is not null && below <= first && last < below + inside.Count)
            {
                inside.Sort();
                return [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => inside[(int)(first - below + i)])];
            }
        }

        return [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => SelectUpper(states, metric, first + i, workers))];
    }

    /// <summary>Accumulated value of one pair, with the kernels' operations in their order.</summary>
    private static double Accumulated(StateSet states, DistanceMetric metric, int i, int j)
    {
        double acc = 0;
        int m = states.Dimension;
        for (int k = 0; k < m; k++)
        {
            double d = states.Rows[j * m + k] - states.Rows[i * m + k];
            acc = metric switch
            {
                DistanceMetric.Euclidean => k == 0 ? d * d : acc + d * d,
                DistanceMetric.Manhattan => k == 0 ? Math.Abs(d) : acc + Math.Abs(d),
                _ => k == 0 ? Math.Abs(d) : Math.Max(acc, Math.Abs(d)),
            };
        }

        return acc;
    }

    /// <summary>Count of pair values &lt; lo and the values in [lo, hi]; null list when more than the collect limit are inside.</summary>
    private static (long Below, List<double>? Inside) Bracket(StateSet states, DistanceMetric metric, double lo, double hi, int workers) =>
        metric switch
        {
            DistanceMetric.Euclidean => Bracket<DistanceKernels.EuclideanOps>(states, lo, hi, workers),
            DistanceMetric.Manhattan => Bracket<DistanceKernels.ManhattanOps>(states, lo, hi, workers),
            _ => Bracket<DistanceKernels.MaximumOps>(states, lo, hi, workers),
        };

    private static (long Below, List<double>? Inside) Bracket<TOps>(StateSet states, double lo, double hi, int workers)
        where TOps : struct, DistanceKernels.IMetricOps
    {
        int n = states.Count;
        int blocks = (n + 7) / 8;
        var below = new long[blocks];
        var inside = new List<double>[blocks];
        long collected = 0;
        bool overflow = false;
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            (b, loop) =>
            {
                var list = new List<double>();
                below[b] = BracketRows<TOps>(states, b, lo, hi, list);
                inside[b] = list;
                if (Interlocked.Add(ref collected, list.Count) > CollectLimit)
                {
                    overflow = true;
                    loop.Stop();
                }
            });
        if (overflow)
        {
            return (0, null);
        }

        var all = new List<double>((int)collected);
        long count = 0;
        for (int b = 0; b < blocks; b++)
        {
            count += below[b];
            all.AddRange(inside[b]);
        }

        return (count, all);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BracketRows<TOps>(StateSet states, int rowGroup, double lo, double hi, List<double> inside)
        where TOps : struct, DistanceKernels.IMetricOps
    {
        int n = states.Count;
        int m = states.Dimension;
        int r0 = rowGroup * StateSet.GroupSize;
        int rows = Math.Min(StateSet.GroupSize, n - r0);
        int groups = (n + StateSet.GroupSize - 1) / StateSet.GroupSize;
        var limHi = Vector512.Create(hi);
        var limLo = Vector512.Create(lo);
        Span<double> values = stackalloc double[64];
        Span<double> rowCoordinates = m <= DistanceKernels.MaxCullingDimension ? stackalloc double[8 * m] : new double[8 * m];
        for (int i = 0; i < 8; i++)
        {
            for (int d = 0; d < m; d++)
            {
                rowCoordinates[i * m + d] = states.Columns[d][r0 + Math.Min(i, rows - 1)];
            }
        }

        long below = 0;
        for (int g0 = rowGroup; g0 < groups; g0 += 8)
        {
            var bound = Vector512<double>.Zero;
            for (int d = 0; d < m; d++)
            {
                var loC = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.GroupLow[d]), (nuint)g0);
                var hiC = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.GroupHigh[d]), (nuint)g0);
                var gap = Vector512.MaxNative(
                    Vector512.MaxNative(loC - Vector512.Create(states.GroupHigh[d][rowGroup]), Vector512.Create(states.GroupLow[d][rowGroup]) - hiC),
                    Vector512<double>.Zero);
                bound = d == 0 ? TOps.First(gap) : TOps.Accumulate(bound, gap);
            }

            uint need = (uint)Vector512.LessThanOrEqual(bound, limHi).ExtractMostSignificantBits();
            while (need != 0)
            {
                int g = g0 + BitOperations.TrailingZeroCount(need);
                need &= need - 1;
                if (g >= groups)
                {
                    break;
                }

                nuint o = (nuint)(g * StateSet.GroupSize);
                DistanceKernels.BlockValues<TOps>(states, o, rowCoordinates, limHi, values);
                for (int i = 0; i < rows; i++)
                {
                    // Lanes are states g*8 + lane; only pairs r < c < n count.
                    int r = r0 + i;
                    int firstLane = Math.Max(0, r + 1 - g * StateSet.GroupSize);
                    int endLane = Math.Min(StateSet.GroupSize, n - g * StateSet.GroupSize);
                    if (firstLane >= endLane)
                    {
                        continue;
                    }

                    var acc = Vector512.Create<double>(values.Slice(8 * i, 8));
                    uint valid = (uint)(((1 << endLane) - 1) & ~((1 << firstLane) - 1));
                    uint atMostHi = (uint)Vector512.LessThanOrEqual(acc, limHi).ExtractMostSignificantBits() & valid;
                    uint belowLo = (uint)Vector512.LessThan(acc, limLo).ExtractMostSignificantBits() & valid;
                    below += BitOperations.PopCount(belowLo);
                    uint mid = atMostHi & ~belowLo;
                    while (mid != 0)
                    {
                        inside.Add(values[8 * i + BitOperations.TrailingZeroCount(mid)]);
                        mid &= mid - 1;
                    }
                }
            }
        }

        return below;
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
    internal static void RowValues(StateSet states, DistanceMetric metric, int row, int start, int count, double[] buffer)
    {
        switch (metric)
        {
            case DistanceMetric.Euclidean:
                RowValues<DistanceKernels.EuclideanOps>(states, row, start, count, buffer);
                break;
            case DistanceMetric.Manhattan:
                RowValues<DistanceKernels.ManhattanOps>(states, row, start, count, buffer);
                break;
            default:
                RowValues<DistanceKernels.MaximumOps>(states, row, start, count, buffer);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowValues<TOps>(StateSet states, int row, int start, int count, double[] buffer)
        where TOps : struct, DistanceKernels.IMetricOps
    {
        int m = states.Dimension;
        double[][] columns = states.Columns;
        ref double r = ref states.Rows[row * m];
        ref double dest = ref MemoryMarshal.GetArrayDataReference(buffer);
        for (int c = 0; c < count; c += 8)
        {
            nuint o = (nuint)(start + c);
            var acc = TOps.First(Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[0]), o) - Vector512.Create(r));
            for (int k = 1; k < m; k++)
            {
                var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[k]), o);
                acc = TOps.Accumulate(acc, x - Vector512.Create(Unsafe.Add(ref r, k)));
            }

            acc.StoreUnsafe(ref dest, (nuint)c);
        }
    }
}
