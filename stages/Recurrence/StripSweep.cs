using System.Numerics;

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
    private readonly int[] _openStart;
    private readonly int[] _prevEnd;
    private readonly int[] _prevLen;
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
        _openStart = new int[stripWidth];
        _prevEnd = new int[stripWidth];
        _prevLen = new int[stripWidth];
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
        Array.Clear(_prevLen);

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
                var cur = tile.AsSpan(i * wordCount, wordCount);
                cur[wordCount - 1] &= lastMask;
                if (w > 0)
                {
                    int lo = Math.Max(c0, r - w + 1);
                    int hi = Math.Min(c1 - 1, r + w - 1);
                    for (int c = lo; c <= hi; c++)
                    {
                        cur[(c - c0) >> 6] &= ~(1UL << ((c - c0) & 63));
                    }
                }

                SweepVertical(r, cur);
                if (r <= lastDiagonalRow)
                {
                    SweepDiagonals(r, c0, c1, cur, lastMask, edges);
                }
            }
        }

        // Close the vertical runs that reach the last row.
        SweepVertical(n, new ulong[wordCount]);
        return edges;
    }

    /// <summary>
    /// Vertical lines: a run starts where row r is set and row r - 1 is not, and ends (at row r - 1)
    /// where row r - 1 is set and row r is not. Each finished line also yields the recurrence time
    /// to the previous line in its column (gap plus half of each length, RecurrenceAnalysis.jl).
    /// </summary>
    private void SweepVertical(int r, ReadOnlySpan<ulong> cur)
    {
        ulong[] prev = _prev;
        int[] openStart = _openStart;
        int[] prevEnd = _prevEnd;
        int[] prevLen = _prevLen;
        long[] vHist = Histograms.Vertical;
        long[] rtHist = Histograms.RecurrenceTime;
        for (int k = 0; k < cur.Length; k++)
        {
            ulong p = prev[k];
            ulong q = cur[k];
            if (p == q)
            {
                continue;
            }

            prev[k] = q;
            ulong ends = p & ~q;
            ulong starts = q & ~p;
            while (ends != 0)
            {
                int col = (k << 6) + BitOperations.TrailingZeroCount(ends);
                ends &= ends - 1;
                int s = openStart[col];
                int len = r - s;
                vHist[len]++;
                int pl = prevLen[col];
                if (pl > 0)
                {
                    rtHist[s - prevEnd[col] - 1 + (pl >> 1) + (len >> 1)]++;
                }

                prevEnd[col] = r - 1;
                prevLen[col] = len;
            }

            while (starts != 0)
            {
                int col = (k << 6) + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;
                openStart[col] = r;
            }
        }
    }

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
