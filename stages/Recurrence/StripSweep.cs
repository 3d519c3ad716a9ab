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
    private readonly StateSet _states;
    private readonly DistanceMetric _metric;
    private readonly double _limit;
    private readonly int _theiler;
    private readonly int _n;
    private readonly int _stripWidth;
    private ulong[] _prev;
    private ulong[] _cur;
    private ulong[] _prevUp;
    private ulong[] _up;
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
        _prev = new ulong[words];
        _cur = new ulong[words];
        _prevUp = new ulong[words];
        _up = new ulong[words];
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
        int wd = Math.Max(w, 1);
        int lastDiagonalRow = c1 - 1 - wd;
        var edges = new StripEdges();
        var hist = Histograms;
        long[] vHist = hist.Vertical;
        long[] rtHist = hist.RecurrenceTime;
        long[] dHist = hist.UpperDiagonal;
        long[] dCount = hist.DiagonalCount;
        int[] openStart = _openStart;
        int[] prevEnd = _prevEnd;
        int[] prevLen = _prevLen;
        int[] diagStart = _diagStart;

        Array.Clear(_prev);
        Array.Clear(_prevUp);
        Array.Clear(prevLen);

        for (int r = 0; r < n; r++)
        {
            ulong[] cur = _cur;
            ulong[] prev = _prev;
            DistanceKernels.RowWords(_states, _metric, r, c0, wordCount, _limit, cur);
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

            // Vertical lines: a run starts where this row is set and the previous is not,
            // and ends (at row r - 1) where the previous row is set and this one is not.
            for (int k = 0; k < wordCount; k++)
            {
                ulong p = prev[k];
                ulong q = cur[k];
                ulong starts = q & ~p;
                ulong ends = p & ~q;
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

            if (r <= lastDiagonalRow)
            {
                SweepDiagonals(r, c0, c1, wordCount, lastMask, edges, dHist, dCount, diagStart);
            }

            _prev = cur;
            _cur = prev;
        }

        // Close the vertical runs that reach the last row.
        for (int k = 0; k < wordCount; k++)
        {
            ulong ends = _prev[k];
            while (ends != 0)
            {
                int col = (k << 6) + BitOperations.TrailingZeroCount(ends);
                ends &= ends - 1;
                int s = openStart[col];
                int len = n - s;
                vHist[len]++;
                int pl = prevLen[col];
                if (pl > 0)
                {
                    rtHist[s - prevEnd[col] - 1 + (pl >> 1) + (len >> 1)]++;
                }
            }
        }

        return edges;
    }

    private void SweepDiagonals(int r, int c0, int c1, int wordCount, ulong lastMask, StripEdges edges, long[] dHist, long[] dCount, int[] diagStart)
    {
        ulong[] cur = _cur;
        ulong[] up = _up;
        ulong[] prevUp = _prevUp;

        // Upper triangle: columns c > r (the Theiler window already cleared c < r + w).
        int first = r + 1 - c0;
        for (int k = 0; k < wordCount; k++)
        {
            int lo = k << 6;
            if (first <= lo)
            {
                up[k] = cur[k];
            }
            else if (first >= lo + 64)
            {
                up[k] = 0;
            }
            else
            {
                up[k] = cur[k] & (ulong.MaxValue << (first - lo));
            }
        }

        // A diagonal run continues from (r - 1, c - 1) to (r, c): shift the previous row one column right.
        ulong carry = 0;
        for (int k = 0; k < wordCount; k++)
        {
            ulong pu = prevUp[k];
            ulong shifted = (pu << 1) | carry;
            carry = pu >> 63;
            if (k == wordCount - 1)
            {
                shifted &= lastMask;
            }

            ulong u = up[k];
            ulong ends = shifted & ~u;
            ulong starts = u & ~shifted;
            while (ends != 0)
            {
                int c = c0 + (k << 6) + BitOperations.TrailingZeroCount(ends);
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
                int c = c0 + (k << 6) + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;
                diagStart[c - r] = r;
            }
        }

        // A run through the strip's last column may continue in the next strip.
        int last = c1 - 1 - c0;
        if ((up[last >> 6] >> (last & 63) & 1) != 0)
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

        _up = prevUp;
        _prevUp = up;
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
