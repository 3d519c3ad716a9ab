namespace NetOrbit;

/// <summary>
/// A user's input file (an Arrow table, a series) is unreadable or malformed. The message is one line:
/// the file, then the line, row and column where known, then what is wrong, as
/// <c>file (line 3, row 1, column 'x'): 'oops' is not a number</c>.
/// </summary>
public sealed class InputFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> says what is wrong, without the location.</summary>
    /// <param name="file">The file.</param>
    /// <param name="problem">What is wrong, one line.</param>
    /// <param name="line">1-based line of a text file, or null.</param>
    /// <param name="row">0-based data row, or null.</param>
    /// <param name="column">Column name, or null.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public InputFileException(string file, string problem, int? line = null, long? row = null, string? column = null, Exception? inner = null)
        : base(Format(file, problem, line, row, column), inner)
    {
        File = file;
        Problem = problem;
        Line = line;
        Row = row;
        Column = column;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>1-based line of a text file, or null.</summary>
    public int? Line { get; }

    /// <summary>0-based data row, or null.</summary>
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
    private static string OneLine(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
