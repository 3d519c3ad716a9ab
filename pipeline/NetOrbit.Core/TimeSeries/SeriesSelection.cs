namespace NetOrbit.TimeSeries;

/// <summary>Which part of a file <see cref="SeriesFile.Read"/> reads; the defaults read the whole file.</summary>
public sealed record SeriesSelection
{
    /// <summary>
    /// The column to read (<c>--column</c>); in a CSV file without a header, its number counted from
    /// <see cref="FirstColumnNumber"/>. Null: see <see cref="AllColumnsByDefault"/>.
    /// </summary>
    public string? Column { get; init; }

    /// <summary>In an Arrow file with a <c>member</c> column, the member to read (<c>--member</c>); null reads member 0, the reference.</summary>
    public int? Member { get; init; }

    /// <summary>In an Arrow file with a <c>run_id</c> column, the run to read (<c>--run</c>); null requires the file to hold one run.</summary>
    public string? Run { get; init; }

    /// <summary>Read only the first N samples (<c>--first</c>), N &gt;= 1; the file must hold at least N. Null reads all.</summary>
    public int? First { get; init; }

    /// <summary>The number of the first column of a CSV file without a header: 1 (<c>netorbit rqa</c>, the default) or 0 (<c>netorbit lyapunov</c>).</summary>
    public int FirstColumnNumber { get; init; } = 1;

    /// <summary>
    /// Without <see cref="Column"/>: true (default) reads every CSV column as one vector sample per row,
    /// and from an Arrow file its <c>weights</c> column or else its only numeric column; false reads the
    /// first CSV column, and the <c>weights</c> column or else the first numeric column of an Arrow file.
    /// </summary>
    public bool AllColumnsByDefault { get; init; } = true;
}
