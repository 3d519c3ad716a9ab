using System.Collections.Immutable;

namespace NetOrbit.Recurrence;

/// <summary>
/// Recurrence quantification of one trajectory (or one window of it), with the conventions of
/// RecurrenceAnalysis.jl <c>rqa</c>. Averages and maxima of empty histograms are 0, their
/// entropies NaN; DIV is 1/Lmax (infinity when there is no line). Histograms are indexed by
/// length (index 0 is unused and 0) and hold every line, also those shorter than lmin / vmin.
/// </summary>
public sealed record RqaResult
{
    /// <summary>Number of states N (embedded points) analysed.</summary>
    public required int PointCount { get; init; }

    /// <summary>The resolved threshold eps: states recur when distance &lt;= eps.</summary>
    public required double Epsilon { get; init; }

    /// <summary>Recurrent points outside the Theiler window (both triangles, and the main diagonal when w = 0).</summary>
    public required long RecurrenceCount { get; init; }

    /// <summary>Recurrence rate: RecurrenceCount / ((N - w)(N - w + 1)), or / N^2 when w = 0.</summary>
    public required double RR { get; init; }

    /// <summary>Determinism: fraction of recurrent points on diagonal lines of length &gt;= lmin.</summary>
    public required double DET { get; init; }

    /// <summary>Mean diagonal line length (lines &gt;= lmin).</summary>
    public required double L { get; init; }

    /// <summary>Longest diagonal line (lines &gt;= lmin), 0 if none.</summary>
    public required double Lmax { get; init; }

    /// <summary>Divergence 1 / Lmax.</summary>
    public required double DIV { get; init; }

    /// <summary>Shannon entropy (natural log) of the diagonal line lengths &gt;= lmin.</summary>
    public required double ENTR { get; init; }

    /// <summary>Slope of the diagonal-wise recurrence rate, per 1000 points (Webber and Zbilut).</summary>
    public required double TREND { get; init; }

    /// <summary>Laminarity: fraction of recurrent points on vertical lines of length &gt;= vmin.</summary>
    public required double LAM { get; init; }

    /// <summary>Trapping time: mean vertical line length (lines &gt;= vmin).</summary>
    public required double TT { get; init; }

    /// <summary>Longest vertical line (lines &gt;= vmin), 0 if none.</summary>
    public required double Vmax { get; init; }

    /// <summary>Shannon entropy of the vertical line lengths &gt;= vmin.</summary>
    public required double VENTR { get; init; }

    /// <summary>Mean recurrence time (distance between midpoints of consecutive vertical lines).</summary>
    public required double MRT { get; init; }

    /// <summary>Shannon entropy of the recurrence times.</summary>
    public required double RTE { get; init; }

    /// <summary>Number of the most probable recurrence time (largest recurrence-time histogram count).</summary>
    public required double NMPRT { get; init; }

    /// <summary>Diagonal lines by length, both triangles counted (RecurrenceAnalysis.jl convention).</summary>
    public required ImmutableArray<long> DiagonalHistogram { get; init; }

    /// <summary>Vertical lines by length.</summary>
    public required ImmutableArray<long> VerticalHistogram { get; init; }

    /// <summary>Recurrence times (midpoint to midpoint of consecutive vertical lines in a column) by length.</summary>
    public required ImmutableArray<long> RecurrenceTimeHistogram { get; init; }

    /// <summary>The measures in a fixed order with their conventional names, for tables and JSON.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Measures =>
    [
        new("RR", RR), new("DET", DET), new("L", L), new("Lmax", Lmax), new("DIV", DIV), new("ENTR", ENTR),
        new("TREND", TREND), new("LAM", LAM), new("TT", TT), new("Vmax", Vmax), new("VENTR", VENTR),
        new("MRT", MRT), new("RTE", RTE), new("NMPRT", NMPRT),
    ];
}
