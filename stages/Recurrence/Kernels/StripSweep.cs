using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetOrbit.Recurrence;

/// <summary>
/// Sweeps one vertical strip of columns [c0, c1) of the N x N recurrence matrix row by row,
/// holding only two rows of bits. Vertical lines and recurrence times of the strip's columns
/// are complete inside the strip (whole columns are swept, both triangles). Diagonal lines are
/// taken from the upper triangle only; a line that touches the strip's first or last column may
/// continue in a neighbouring strip, so it is returned as a head or tail and joined later by
/// <see cref="DiagonalStitcher"/>.
/// </summary>
internal sealed class StripSweep
{
    private const int TileRows = StateSet.GroupSize;

    private readonly StateSet _states;
    private readonly DistanceMetric _metric;
    private readonly double _limit;
    private readonly int _theiler;
    private readonly int _n;
    private readonly int _stripWidth;
    private readonly ulong[] _tile;
    private readonly ulong[] _prev;
    private readonly ulong[] _prevUp;
    private readonly ColumnState[] _columns;
    private readonly int[] _diagStart;

    internal StripSweep(StateSet states, DistanceMetric metric, double limit, int theiler, int stripWidth)
    {
        _states = states;
        _metric = metric;
        _limit = limit;
        _theiler = theiler;
        _n = states.Count;
        _stripWidth = stripWidth;
        int words = (stripWidth + 63) / 64;
        _tile = new ulong[TileRows * words];
        _prev = new ulong[words];
        _prevUp = new ulong[words];
        _columns = new ColumnState[stripWidth];
        _diagStart = new int[_n];
        Histograms = new LineHistograms(_n);
    }

    internal LineHistograms Histograms { get; }

    /// <summary>Sweeps columns [c0, min(c0 + strip width, N)); returns the diagonal pieces touching the strip's edges.</summary>
    internal StripEdges Sweep(int c0)
    {
        int n = _n;
        int c1 = Math.Min(n, c0 + _stripWidth);
        int width = c1 - c0;
        int wordCount = (width + 63) / 64;
        ulong lastMask = width % 64 == 0 ? ulong.MaxValue : (1UL << (width % 64)) - 1;
        int w = _theiler;
        int lastDiagonalRow = c1 - 1 - Math.Max(w, 1);
        bool cull = _states.Dimension <= DistanceKernels.MaxCullingDimension;
        var edges = new StripEdges();
        ulong[] tile = _tile;
        Array.Clear(_prev);
        Array.Clear(_prevUp);
        Array.Clear(_columns);

        for (int r0 = 0; r0 < n; r0 += TileRows)
        {
            int rows = Math.Min(TileRows, n - r0);
            if (cull)
            {
                DistanceKernels.TileWords(_states, _metric, r0, rows, c0, wordCount, _limit, tile);
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    DistanceKernels.RowWords(_states, _metric, r0 + i, c0, wordCount, _limit, tile.AsSpan(i * wordCount, wordCount));
                }
            }

            for (int i = 0; i < rows; i++)
            {
                int r = r0 + i;
                tile[i * wordCount + wordCount - 1] &= lastMask;
                if (w > 0)
                {
                    int lo = Math.Max(c0, r - w + 1);
                    int hi = Math.Min(c1 - 1, r + w - 1);
                    for (int c = lo; c <= hi; c++)
                    {
                        tile[i * wordCount + ((c - c0) >> 6)] &= ~(1UL << ((c - c0) & 63));
                    }
                }
            }

            SweepVertical(r0, rows, wordCount);
            int diagonalRows = Math.Min(rows, lastDiagonalRow - r0 + 1);
            for (int i = 0; i < diagonalRows; i++)
            {
                SweepDiagonals(r0 + i, c0, c1, tile.AsSpan(i * wordCount, wordCount), lastMask, edges);
            }
        }

        // Close the vertical runs that reach the last row.
        Array.Clear(tile, 0, wordCount);
        SweepVertical(n, 1, wordCount);
        return edges;
    }

    /// <summary>
    /// Vertical lines of the tile's rows r0 .. r0 + rows - 1: a run starts where row r is set and row
    /// r - 1 is not, and ends (at row r - 1) where row r - 1 is set and row r is not. Each finished
    /// line also yields the recurrence time to the previous line in its column (gap plus half of
    /// each length, RecurrenceAnalysis.jl). Word columns that do not change over the tile are skipped.
    /// </summary>
    private void SweepVertical(int r0, int rows, int wordCount)
    {
        ulong[] tile = _tile;
        ulong[] prev = _prev;

        // Lengths and recurrence times are at most N, the histograms hold N + 1 bins, and the column
        // index is below the strip width: the references below stay inside their arrays.
        ref ColumnState columns = ref MemoryMarshal.GetArrayDataReference(_columns);
        ref long vHist = ref MemoryMarshal.GetArrayDataReference(Histograms.Vertical);
        ref long rtHist = ref MemoryMarshal.GetArrayDataReference(Histograms.RecurrenceTime);
        for (int k = 0; k < wordCount; k++)
        {
            ulong p = prev[k];
            ulong changed = 0;
            for (int i = 0; i < rows; i++)
            {
                changed |= tile[i * wordCount + k] ^ p;
            }

            if (changed == 0)
            {
                continue;
            }

            for (int i = 0; i < rows; i++)
            {
                ulong q = tile[i * wordCount + k];
                if (p == q)
                {
                    continue;
                }

                int r = r0 + i;
                ulong ends = p & ~q;
                ulong starts = q & ~p;
                p = q;
                while (ends != 0)
                {
                    ref ColumnState column = ref Unsafe.Add(ref columns, (k << 6) + BitOperations.TrailingZeroCount(ends));
                    ends &= ends - 1;
                    int s = column.OpenStart;
                    int len = r - s;
                    Unsafe.Add(ref vHist, len)++;
                    int pl = column.PrevLen;
                    if (pl > 0)
                    {
                        Unsafe.Add(ref rtHist, s - column.PrevEnd - 1 + (pl >> 1) + (len >> 1))++;
                    }

                    column.PrevEnd = r - 1;
                    column.PrevLen = len;
                }

                while (starts != 0)
                {
                    Unsafe.Add(ref columns, (k << 6) + BitOperations.TrailingZeroCount(starts)).OpenStart = r;
                    starts &= starts - 1;
                }
            }

            prev[k] = p;
        }
    }

    /// <summary>
    /// Diagonal lines of the upper triangle in row r. A run continues from (r - 1, c - 1) to (r, c):
    /// the previous row shifted one column right is compared with this one.
    /// </summary>
    private void SweepDiagonals(int r, int c0, int c1, ReadOnlySpan<ulong> cur, ulong lastMask, StripEdges edges)
    {
        ulong[] prevUp = _prevUp;
        int[] diagStart = _diagStart;
        long[] dHist = Histograms.UpperDiagonal;
        long[] dCount = Histograms.DiagonalCount;
        int wordCount = cur.Length;

        // Upper triangle: columns c > r (the Theiler window already cleared c < r + w). Words left of
        // the one before the diagonal's word hold no upper cells in this row or the previous one.
        int first = r + 1 - c0;
        int kStart = first <= 0 ? 0 : Math.Max(0, (first >> 6) - 1);
        ulong carry = 0;
        for (int k = kStart; k < wordCount; k++)
        {
            int lo = k << 6;
            ulong u = first <= lo ? cur[k] : first >= lo + 64 ? 0 : cur[k] & (ulong.MaxValue << (first - lo));

            // A diagonal run continues from (r - 1, c - 1) to (r, c): shift the previous row one column right.
            ulong pu = prevUp[k];
            ulong shifted = (pu << 1) | carry;
            carry = pu >> 63;
            if (k == wordCount - 1)
            {
                shifted &= lastMask;
            }

            prevUp[k] = u;
            if (shifted == u)
            {
                continue;
            }

            ulong ends = shifted & ~u;
            ulong starts = u & ~shifted;
            while (ends != 0)
            {
                int c = c0 + lo + BitOperations.TrailingZeroCount(ends);
                ends &= ends - 1;
                int d = c - r;
                int s = diagStart[d];
                int len = r - s;
                if (s + d == c0)
                {
                    edges.Heads.Add(new DiagonalPiece(d, len, false));
                }
                else
                {
                    dHist[len]++;
                    dCount[d] += len;
                }
            }

            while (starts != 0)
            {
                int c = c0 + lo + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;
                diagStart[c - r] = r;
            }
        }

        // A run through the strip's last column may continue in the next strip.
        int last = c1 - 1 - c0;
        if ((prevUp[last >> 6] >> (last & 63) & 1) != 0)
        {
            int d = c1 - 1 - r;
            int s = diagStart[d];
            int len = r - s + 1;
            if (s + d == c0)
            {
                edges.Heads.Add(new DiagonalPiece(d, len, true));
            }
            else
            {
                edges.Tails.Add(new DiagonalPiece(d, len, false));
            }
        }
    }
}

/// <summary>Vertical-line state of one column: the open run's first row and the previous line (for recurrence times).</summary>
internal struct ColumnState
{
    internal int OpenStart;
    internal int PrevEnd;
    internal int PrevLen;
}

/// <summary>Part of a diagonal line inside one strip that touches the strip's first or last column.</summary>
/// <param name="Diagonal">d = j - i.</param>
/// <param name="Length">Points of the line inside the strip.</param>
/// <param name="Full">The piece spans the strip from its first to its last column.</param>
internal readonly record struct DiagonalPiece(int Diagonal, int Length, bool Full);

/// <summary>Diagonal pieces of one strip: heads start at the first column, tails end at the last.</summary>
internal sealed class StripEdges
{
    internal List<DiagonalPiece> Heads { get; } = [];

    internal List<DiagonalPiece> Tails { get; } = [];
}
