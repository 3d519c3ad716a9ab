using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Recurrence;

/// <summary>
/// Recurrence tests of one state against 64-column words of states, 8 states per Vector512.
/// Every kernel reproduces the scalar distance of <see cref="StateSet.Distance"/> bit for bit
/// (same operations in the same coordinate order, no fused multiply-add), so the test
/// "accumulated value &lt;= limit" equals "distance &lt;= eps" exactly; see <see cref="Limit"/>.
/// </summary>
internal static class DistanceKernels
{
    /// <summary>
    /// The value the accumulated quantity (sum of squares for Euclidean, the distance otherwise)
    /// is compared with: for Euclidean the largest s with sqrt(s) &lt;= eps, found by stepping
    /// through adjacent doubles (sqrt is correctly rounded and monotone), so no sqrt is needed
    /// in the hot loop and the test is still exactly sqrt(s) &lt;= eps.
    /// </summary>
    internal static double Limit(double epsilon, DistanceMetric metric)
    {
        if (metric != DistanceMetric.Euclidean)
        {
            return epsilon;
        }

        double t = epsilon * epsilon;
        if (double.IsPositiveInfinity(t))
        {
            t = double.MaxValue;
        }

        while (Math.Sqrt(t) > epsilon)
        {
            t = Math.BitDecrement(t);
        }

        while (true)
        {
            double next = Math.BitIncrement(t);
            if (!double.IsFinite(next) || Math.Sqrt(next) > epsilon)
            {
                return t;
            }

            t = next;
        }
    }

    /// <summary>
    /// words[w] bit b = 1 when state c0 + 64 w + b recurs with state <paramref name="row"/>
    /// (accumulated value &lt;= limit), for w &lt; <paramref name="wordCount"/>. Columns past the
    /// last state read zero padding; the caller masks them.
    /// </summary>
    internal static void RowWords(StateSet states, DistanceMetric metric, int row, int c0, int wordCount, double limit, Span<ulong> words)
    {
        switch (metric)
        {
            case DistanceMetric.Euclidean:
                RowWords<EuclideanOps>(states, row, c0, wordCount, limit, words);
                break;
            case DistanceMetric.Manhattan:
                RowWords<ManhattanOps>(states, row, c0, wordCount, limit, words);
                break;
            default:
                RowWords<MaximumOps>(states, row, c0, wordCount, limit, words);
                break;
        }
    }

    private static void RowWords<TOps>(StateSet states, int row, int c0, int wordCount, double limit, Span<ulong> words)
        where TOps : struct, IMetricOps
    {
        switch (states.Dimension)
        {
            case 1:
                Row1<TOps>(states, row, c0, wordCount, limit, words);
                break;
            case 2:
                Row2<TOps>(states, row, c0, wordCount, limit, words);
                break;
            case 3:
                Row3<TOps>(states, row, c0, wordCount, limit, words);
                break;
            default:
                RowN<TOps>(states, row, c0, wordCount, limit, words);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1<TOps>(StateSet states, int row, int c0, int wordCount, double limit, Span<ulong> words)
        where TOps : struct, IMetricOps
    {
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(states.Columns[0]);
        var r0 = Vector512.Create(states.Columns[0][row]);
        var lim = Vector512.Create(limit);
        for (int w = 0; w < wordCount; w++)
        {
            nuint c = (nuint)(c0 + 64 * w);
            ulong word = 0;
            for (int q = 0; q < 8; q++)
            {
                nuint o = c + (nuint)(8 * q);
                var acc = TOps.First(Vector512.LoadUnsafe(ref x0, o) - r0);
                word |= (ulong)Vector512.LessThanOrEqual(acc, lim).ExtractMostSignificantBits() << (8 * q);
            }

            words[w] = word;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row2<TOps>(StateSet states, int row, int c0, int wordCount, double limit, Span<ulong> words)
        where TOps : struct, IMetricOps
    {
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(states.Columns[0]);
        ref double x1 = ref MemoryMarshal.GetArrayDataReference(states.Columns[1]);
        var r0 = Vector512.Create(states.Columns[0][row]);
        var r1 = Vector512.Create(states.Columns[1][row]);
        var lim = Vector512.Create(limit);
        for (int w = 0; w < wordCount; w++)
        {
            nuint c = (nuint)(c0 + 64 * w);
            ulong word = 0;
            for (int q = 0; q < 8; q++)
            {
                nuint o = c + (nuint)(8 * q);
                var acc = TOps.First(Vector512.LoadUnsafe(ref x0, o) - r0);
                acc = TOps.Accumulate(acc, Vector512.LoadUnsafe(ref x1, o) - r1);
                word |= (ulong)Vector512.LessThanOrEqual(acc, lim).ExtractMostSignificantBits() << (8 * q);
            }

            words[w] = word;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row3<TOps>(StateSet states, int row, int c0, int wordCount, double limit, Span<ulong> words)
        where TOps : struct, IMetricOps
    {
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(states.Columns[0]);
        ref double x1 = ref MemoryMarshal.GetArrayDataReference(states.Columns[1]);
        ref double x2 = ref MemoryMarshal.GetArrayDataReference(states.Columns[2]);
        var r0 = Vector512.Create(states.Columns[0][row]);
        var r1 = Vector512.Create(states.Columns[1][row]);
        var r2 = Vector512.Create(states.Columns[2][row]);
        var lim = Vector512.Create(limit);
        for (int w = 0; w < wordCount; w++)
        {
            nuint c = (nuint)(c0 + 64 * w);
            ulong word = 0;
            for (int q = 0; q < 8; q++)
            {
                nuint o = c + (nuint)(8 * q);
                var acc = TOps.First(Vector512.LoadUnsafe(ref x0, o) - r0);
                acc = TOps.Accumulate(acc, Vector512.LoadUnsafe(ref x1, o) - r1);
                acc = TOps.Accumulate(acc, Vector512.LoadUnsafe(ref x2, o) - r2);
                word |= (ulong)Vector512.LessThanOrEqual(acc, lim).ExtractMostSignificantBits() << (8 * q);
            }

            words[w] = word;
        }
    }

    /// <summary>
    /// Any dimension. Every 8 coordinates it stops early when all 8 lanes already exceed the
    /// limit: partial sums of non-negative terms never decrease, so the answer is unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowN<TOps>(StateSet states, int row, int c0, int wordCount, double limit, Span<ulong> words)
        where TOps : struct, IMetricOps
    {
        int m = states.Dimension;
        double[][] columns = states.Columns;
        ref double r = ref states.Rows[row * m];
        var lim = Vector512.Create(limit);
        for (int w = 0; w < wordCount; w++)
        {
            int c = c0 + 64 * w;
            ulong word = 0;
            for (int q = 0; q < 8; q++)
            {
                nuint o = (nuint)(c + 8 * q);
                var acc = TOps.First(Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[0]), o) - Vector512.Create(r));
                int k = 1;
                while (k < m)
                {
                    int end = Math.Min(m, k + 8);
                    for (; k < end; k++)
                    {
                        var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[k]), o);
                        acc = TOps.Accumulate(acc, x - Vector512.Create(Unsafe.Add(ref r, k)));
                    }

                    if (k < m && Vector512.GreaterThanAll(acc, lim))
                    {
                        break;
                    }
                }

                word |= (ulong)Vector512.LessThanOrEqual(acc, lim).ExtractMostSignificantBits() << (8 * q);
            }

            words[w] = word;
        }
    }

    /// <summary>Largest dimension for which <see cref="TileWords"/> culls blocks by bounding boxes.</summary>
    internal const int MaxCullingDimension = 256;

    /// <summary>
    /// Bits of rows r0 .. r0 + rows - 1 (r0 a multiple of 8) against the strip's words, into
    /// tile[i * wordCount + w]. A block of 8 rows x 8 columns is computed only when the distance
    /// bound between the two groups' bounding boxes is within the limit. The bound uses the same
    /// rounded operations in the same order as the pair distances, and rounding is monotone,
    /// so a block is skipped only when no pair in it can recur: the result is exact.
    /// </summary>
    internal static void TileWords(StateSet states, DistanceMetric metric, int r0, int rows, int c0, int wordCount, double limit, ulong[] tile)
    {
        switch (metric)
        {
            case DistanceMetric.Euclidean:
                TileWords<EuclideanOps>(states, r0, rows, c0, wordCount, limit, tile);
                break;
            case DistanceMetric.Manhattan:
                TileWords<ManhattanOps>(states, r0, rows, c0, wordCount, limit, tile);
                break;
            default:
                TileWords<MaximumOps>(states, r0, rows, c0, wordCount, limit, tile);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileWords<TOps>(StateSet states, int r0, int rows, int c0, int wordCount, double limit, ulong[] tile)
        where TOps : struct, IMetricOps
    {
        int m = states.Dimension;
        int rowGroup = r0 / StateSet.GroupSize;
        var lim = Vector512.Create(limit);
        Span<double> rowCoordinates = stackalloc double[8 * MaxCullingDimension];
        Span<ulong> blockBits = stackalloc ulong[8];
        for (int i = 0; i < 8; i++)
        {
            for (int d = 0; d < m; d++)
            {
                rowCoordinates[i * m + d] = states.Columns[d][r0 + Math.Min(i, rows - 1)];
            }
        }

        Array.Clear(tile, 0, rows * wordCount);
        for (int k = 0; k < wordCount; k++)
        {
            nuint g0 = (nuint)(c0 / StateSet.GroupSize + 8 * k);
            var bound = Vector512<double>.Zero;
            for (int d = 0; d < m; d++)
            {
                var loC = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.GroupLow[d]), g0);
                var hiC = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.GroupHigh[d]), g0);
                var loR = Vector512.Create(states.GroupLow[d][rowGroup]);
                var hiR = Vector512.Create(states.GroupHigh[d][rowGroup]);
                var gap = Vector512.MaxNative(Vector512.MaxNative(loC - hiR, loR - hiC), Vector512<double>.Zero);
                bound = d == 0 ? TOps.First(gap) : TOps.Accumulate(bound, gap);
            }

            uint need = (uint)Vector512.LessThanOrEqual(bound, lim).ExtractMostSignificantBits();
            while (need != 0)
            {
                int g = BitOperations.TrailingZeroCount(need);
                need &= need - 1;
                nuint o = (nuint)(c0 + 64 * k + 8 * g);
                if (m == 3)
                {
                    var x0 = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[0]), o);
                    var x1 = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[1]), o);
                    var x2 = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[2]), o);
                    for (int i = 0; i < rows; i++)
                    {
                        var acc = TOps.First(x0 - Vector512.Create(rowCoordinates[3 * i]));
                        acc = TOps.Accumulate(acc, x1 - Vector512.Create(rowCoordinates[3 * i + 1]));
                        acc = TOps.Accumulate(acc, x2 - Vector512.Create(rowCoordinates[3 * i + 2]));
                        tile[i * wordCount + k] |= (ulong)Vector512.LessThanOrEqual(acc, lim).ExtractMostSignificantBits() << (8 * g);
                    }
                }
                else
                {
                    BlockOfEight<TOps>(states, o, rowCoordinates, lim, blockBits);
                    for (int i = 0; i < rows; i++)
                    {
                        tile[i * wordCount + k] |= blockBits[i] << (8 * g);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One 8 x 8 block for any dimension: each column vector is loaded once for the 8 rows (eight
    /// accumulators), and every 8 coordinates the block stops when all 64 sums exceed the limit.
    /// Rows past the tile's end repeat its last row (their bits are discarded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockOfEight<TOps>(
        StateSet states, nuint o, ReadOnlySpan<double> rows, Vector512<double> lim, Span<ulong> bits)
        where TOps : struct, IMetricOps
    {
        int m = states.Dimension;
        ref double r = ref MemoryMarshal.GetReference(rows);
        var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[0]), o);
        var a0 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 0 * m)));
        var a1 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 1 * m)));
        var a2 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 2 * m)));
        var a3 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 3 * m)));
        var a4 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 4 * m)));
        var a5 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 5 * m)));
        var a6 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 6 * m)));
        var a7 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 7 * m)));
        int d = 1;
        while (d < m)
        {
            int end = Math.Min(m, d + 8);
            for (; d < end; d++)
            {
                x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[d]), o);
                a0 = TOps.Accumulate(a0, x - Vector512.Create(Unsafe.Add(ref r, d)));
                a1 = TOps.Accumulate(a1, x - Vector512.Create(Unsafe.Add(ref r, m + d)));
                a2 = TOps.Accumulate(a2, x - Vector512.Create(Unsafe.Add(ref r, 2 * m + d)));
                a3 = TOps.Accumulate(a3, x - Vector512.Create(Unsafe.Add(ref r, 3 * m + d)));
                a4 = TOps.Accumulate(a4, x - Vector512.Create(Unsafe.Add(ref r, 4 * m + d)));
                a5 = TOps.Accumulate(a5, x - Vector512.Create(Unsafe.Add(ref r, 5 * m + d)));
                a6 = TOps.Accumulate(a6, x - Vector512.Create(Unsafe.Add(ref r, 6 * m + d)));
                a7 = TOps.Accumulate(a7, x - Vector512.Create(Unsafe.Add(ref r, 7 * m + d)));
            }

            // Partial sums never decrease: once all 64 exceed the limit the block is settled.
            if (d < m)
            {
                var above = Vector512.GreaterThan(a0, lim) & Vector512.GreaterThan(a1, lim) & Vector512.GreaterThan(a2, lim)
                    & Vector512.GreaterThan(a3, lim) & Vector512.GreaterThan(a4, lim) & Vector512.GreaterThan(a5, lim)
                    & Vector512.GreaterThan(a6, lim) & Vector512.GreaterThan(a7, lim);
                if (above.ExtractMostSignificantBits() == 0xFF)
                {
                    break;
                }
            }
        }

        bits[0] = Vector512.LessThanOrEqual(a0, lim).ExtractMostSignificantBits();
        bits[1] = Vector512.LessThanOrEqual(a1, lim).ExtractMostSignificantBits();
        bits[2] = Vector512.LessThanOrEqual(a2, lim).ExtractMostSignificantBits();
        bits[3] = Vector512.LessThanOrEqual(a3, lim).ExtractMostSignificantBits();
        bits[4] = Vector512.LessThanOrEqual(a4, lim).ExtractMostSignificantBits();
        bits[5] = Vector512.LessThanOrEqual(a5, lim).ExtractMostSignificantBits();
        bits[6] = Vector512.LessThanOrEqual(a6, lim).ExtractMostSignificantBits();
        bits[7] = Vector512.LessThanOrEqual(a7, lim).ExtractMostSignificantBits();
    }

    /// <summary>
    /// The accumulated values of an 8 x 8 block (row i's 8 columns at values[8 i .. 8 i + 7]), rows as in
    /// <see cref="BlockOfEight"/>. Sums may stop early once all 64 exceed <paramref name="lim"/>; such
    /// values are partial but still above the limit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BlockValues<TOps>(StateSet states, nuint o, ReadOnlySpan<double> rows, Vector512<double> lim, Span<double> values)
        where TOps : struct, IMetricOps
    {
        int m = states.Dimension;
        ref double r = ref MemoryMarshal.GetReference(rows);
        var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[0]), o);
        var a0 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 0 * m)));
        var a1 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 1 * m)));
        var a2 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 2 * m)));
        var a3 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 3 * m)));
        var a4 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 4 * m)));
        var a5 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 5 * m)));
        var a6 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 6 * m)));
        var a7 = TOps.First(x - Vector512.Create(Unsafe.Add(ref r, 7 * m)));
        int d = 1;
        while (d < m)
        {
            int end = Math.Min(m, d + 8);
            for (; d < end; d++)
            {
                x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(states.Columns[d]), o);
                a0 = TOps.Accumulate(a0, x - Vector512.Create(Unsafe.Add(ref r, d)));
                a1 = TOps.Accumulate(a1, x - Vector512.Create(Unsafe.Add(ref r, m + d)));
                a2 = TOps.Accumulate(a2, x - Vector512.Create(Unsafe.Add(ref r, 2 * m + d)));
                a3 = TOps.Accumulate(a3, x - Vector512.Create(Unsafe.Add(ref r, 3 * m + d)));
                a4 = TOps.Accumulate(a4, x - Vector512.Create(Unsafe.Add(ref r, 4 * m + d)));
                a5 = TOps.Accumulate(a5, x - Vector512.Create(Unsafe.Add(ref r, 5 * m + d)));
                a6 = TOps.Accumulate(a6, x - Vector512.Create(Unsafe.Add(ref r, 6 * m + d)));
                a7 = TOps.Accumulate(a7, x - Vector512.Create(Unsafe.Add(ref r, 7 * m + d)));
            }

            if (d < m)
            {
                var above = Vector512.GreaterThan(a0, lim) & Vector512.GreaterThan(a1, lim) & Vector512.GreaterThan(a2, lim)
                    & Vector512.GreaterThan(a3, lim) & Vector512.GreaterThan(a4, lim) & Vector512.GreaterThan(a5, lim)
                    & Vector512.GreaterThan(a6, lim) & Vector512.GreaterThan(a7, lim);
                if (above.ExtractMostSignificantBits() == 0xFF)
                {
                    break;
                }
            }
        }

        ref double v = ref MemoryMarshal.GetReference(values);
        a0.StoreUnsafe(ref v, 0);
        a1.StoreUnsafe(ref v, 8);
        a2.StoreUnsafe(ref v, 16);
        a3.StoreUnsafe(ref v, 24);
        a4.StoreUnsafe(ref v, 32);
        a5.StoreUnsafe(ref v, 40);
        a6.StoreUnsafe(ref v, 48);
        a7.StoreUnsafe(ref v, 56);
    }

    internal interface IMetricOps
    {
        static abstract Vector512<double> First(Vector512<double> diff);

        static abstract Vector512<double> Accumulate(Vector512<double> acc, Vector512<double> diff);
    }

    internal readonly struct EuclideanOps : IMetricOps
    {
        public static Vector512<double> First(Vector512<double> diff) => diff * diff;

        public static Vector512<double> Accumulate(Vector512<double> acc, Vector512<double> diff) => acc + diff * diff;
    }

    internal readonly struct ManhattanOps : IMetricOps
    {
        public static Vector512<double> First(Vector512<double> diff) => Vector512.Abs(diff);

        public static Vector512<double> Accumulate(Vector512<double> acc, Vector512<double> diff) => acc + Vector512.Abs(diff);
    }

    internal readonly struct MaximumOps : IMetricOps
    {
        public static Vector512<double> First(Vector512<double> diff) => Vector512.Abs(diff);

        public static Vector512<double> Accumulate(Vector512<double> acc, Vector512<double> diff) =>
            Vector512.MaxNative(acc, Vector512.Abs(diff));
    }
}
