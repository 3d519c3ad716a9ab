namespace NetOrbit.Recurrence;

/// <summary>
/// Integer counts gathered while sweeping the recurrence matrix: line histograms (index =
/// length, every length counted) and recurrent points per diagonal. Integer sums are
/// order-independent, so merging per-thread instances gives identical results whatever the
/// thread count.
/// </summary>
internal sealed class LineHistograms
{
    internal LineHistograms(int n)
    {
        UpperDiagonal = new long[n + 1];
        Vertical = new long[n + 1];
        RecurrenceTime = new long[n + 1];
        DiagonalCount = new long[n];
    }

    /// <summary>Diagonal lines of the upper triangle (d = j - i &gt;= max(w, 1)) by length.</summary>
    internal long[] UpperDiagonal { get; }

    /// <summary>Vertical lines (whole columns, Theiler window excluded) by length.</summary>
    internal long[] Vertical { get; }

    /// <summary>Recurrence times by value.</summary>
    internal long[] RecurrenceTime { get; }

    /// <summary>Recurrent points on upper diagonal d, for d &gt;= max(w, 1).</summary>
    internal long[] DiagonalCount { get; }

    internal void Add(LineHistograms other)
    {
        AddTo(UpperDiagonal, other.UpperDiagonal);
        AddTo(Vertical, other.Vertical);
        AddTo(RecurrenceTime, other.RecurrenceTime);
        AddTo(DiagonalCount, other.DiagonalCount);
    }

    private static void AddTo(long[] target, long[] source)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
