namespace NetOrbit.Recurrence;

/// <summary>
/// A series file (CSV or Arrow IPC) could not be read. <see cref="Exception.Message"/> is one line
/// naming the file, the line or row and the column where known, and what is wrong.
/// </summary>
public sealed class SeriesFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> says what is wrong, without the location.</summary>
    /// <param name="file">The file.</param>
    /// <param name="problem">What is wrong, one line.</param>
    /// <param name="line">1-based line of a text file, or null.</param>
    /// <param name="row">0-based data row, or null.</param>
    /// <param name="column">Column name, or null.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public SeriesFileException(string file, string problem, int? line = null, long? row = null, string? column = null, Exception? inner = null)
        : base(Format(file, problem, line, row, column), inner)
    {
    }

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

        string location = where.Count == 0 ? string.Empty : " (" + string.Join(", ", where) + ")";
        return $"{file}{location}: {OneLine(problem)}";
    }

    private static string OneLine(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
