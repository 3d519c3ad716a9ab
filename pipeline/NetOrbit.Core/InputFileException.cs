namespace NetOrbit;

/// <summary>A user's input file (an Arrow table, a series) is unreadable or malformed; the message is one line naming the file.</summary>
public sealed class InputFileException(string file, string problem) : Exception($"{file}: {problem}")
{
    /// <summary>The file.</summary>
    public string File { get; } = file;

    /// <summary>What is wrong.</summary>
    public string Problem { get; } = problem;
}
