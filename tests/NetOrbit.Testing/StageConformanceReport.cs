using System.Text;

namespace NetOrbit.Testing;

/// <summary>What a passing conformance run checked: the stage, the rows of each of its tables, and the checks passed.</summary>
public sealed class StageConformanceReport
{
    internal StageConformanceReport(string stage, IReadOnlyDictionary<string, long> tableRows, IReadOnlyList<string> checks)
    {
        Stage = stage;
        TableRows = tableRows;
        Checks = checks;
    }

    /// <summary>The stage's name.</summary>
    public string Stage { get; }

    /// <summary>Rows written to each declared table (e.g. <c>lyapunov/summary</c>) by the reference run, or empty when no check needed one.</summary>
    public IReadOnlyDictionary<string, long> TableRows { get; }

    /// <summary>One line per check passed, saying what it verified.</summary>
    public IReadOnlyList<string> Checks { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var s = new StringBuilder($"stage '{Stage}' passed {Checks.Count} conformance check(s)");
        foreach (var c in Checks)
        {
            s.Append("\n  ").Append(c);
        }

        foreach (var (table, rows) in TableRows)
        {
            s.Append("\n  table ").Append(table).Append(": ").Append(rows).Append(" rows");
        }

        return s.ToString();
    }
}
