namespace NetOrbit.Datasets;

/// <summary>
/// A data file (CSV, IDX, split file, bundled data or a <c>datasets/1</c> table) could not be read.
/// <see cref="Exception.Message"/> is one line naming the file, the line or record, the column where
/// known, and what is wrong.
/// </summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> says what is wrong, without the location.</summary>
    /// <param name="file">The file (a path, or <c>&lt;bundled&gt;/name</c> for bundled data).</param>
    /// <param name="problem">What is wrong, one line.</param>
    /// <param name="line">1-based line of a text file, or null.</param>
    /// <param name="row">0-based record (data row or IDX item), or null.</param>
    /// <param name="column">Column name, or null.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public DataFileException(string file, string problem, int? line = null, long? row = null, string? column = null, Exception? inner = null)
        : base(Format(file, problem, line, row, column), inner)
    {
        File = file;
        Problem = problem;
        Line = line;
        Row = row;
        Column = column;
    }

    /// <summary>The file that could not be read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>1-based line in a text file, or null when not applicable.</summary>
    public int? Line { get; }

    /// <summary>0-based record index (CSV data row, IDX item, table row), or null.</summary>
    public long? Row { get; }

    /// <summary>Column name, or null.</summary>
    public string? Column { get; }

    private static string Format(string file, string problem, int? line, long? row, string? column)
    {
        var where = new List<string>(3);
        if (line is { } l)
        {
            where.Add($"line {l}");
        }

        if (row is { } r)
        {
            where.Add($"row {r}");
        }

        if (column is not null)
        {
            where.Add($"column '{OneLine(column)}'");
        }

        var location = where.Count == 0 ? string.Empty : " (" + string.Join(", ", where) + ")";
        return $"{file}{location}: {OneLine(problem)}";
    }

    // The message must stay one line whatever a file contains.
    internal static string OneLine(string text) =>
        text.Contains('\n') || text.Contains('\r') ? text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) : text;
}
