namespace NetOrbit.Cli.Commands;

/// <summary>
/// Arguments of <c>netorbit lyapunov SERIES</c>: which series to read and how to estimate its maximal
/// Lyapunov exponent. Defaults suit a chaotic map sampled once per iteration.
/// </summary>
internal sealed record LyapunovCommandOptions
{
    /// <summary>Path of a CSV file (header optional, numeric columns) or an Arrow IPC file.</summary>
    public required string Series { get; init; }

    /// <summary>Column name (or 0-based index for a CSV without header). Default: the <c>weights</c> column of an Arrow file if present, else the first column.</summary>
    public string? Column { get; init; }

    /// <summary>Embedding dimension m &gt;= 1 (<c>--dim</c>). Default 1.</summary>
    public int Dimension { get; init; } = 1;

    /// <summary>Embedding delay in samples &gt;= 1 (<c>--delay</c>). Default 1.</summary>
    public int Delay { get; init; } = 1;

    /// <summary>Theiler window in samples &gt;= 0 (<c>--theiler</c>). Default 0.</summary>
    public int Theiler { get; init; }

    /// <summary>
    /// <c>rosenstein</c> (default) or <c>kantz</c>; also <c>loss-kantz</c> (the paper's Fig. 11 analysis of a
    /// scalar loss series) and <c>acf</c> (autocorrelation with the shuffle null band of its Fig. 10).
    /// </summary>
    public string Method { get; init; } = "rosenstein";

    /// <summary>Print one JSON object instead of text (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>Length of the divergence curve, n = 0..MaxSteps (for acf: the largest lag). Default 20.</summary>
    public int MaxSteps { get; init; } = 20;

    /// <summary>First fitted step. Default 0.</summary>
    public int FitStart { get; init; }

    /// <summary>Last fitted step (inclusive). Default 5.</summary>
    public int FitEnd { get; init; } = 5;

    /// <summary>Kantz neighbourhood radius; null uses <see cref="Neighbours"/> nearest points. For loss-kantz: the tolerance (default 5e-5).</summary>
    public double? Radius { get; init; }

    /// <summary>Kantz neighbours when no radius is given. Default 10.</summary>
    public int Neighbours { get; init; } = 10;

    /// <summary>Reference points (0 = all; loss-kantz default 1000). Default 0.</summary>
    public int ReferencePoints { get; init; }

    /// <summary>For tables with a <c>member</c> column: the member to read. Default 0 (the reference).</summary>
    public int? Member { get; init; }

    /// <summary>For tables with a <c>run_id</c> column holding several runs: the run to read.</summary>
    public string? Run { get; init; }

    /// <summary>Use only the first N samples (<c>--first</c>), N &gt;= 1; null reads all.</summary>
    public int? First { get; init; }

    /// <summary>Seed of the loss-kantz reference draw and of the acf shuffles. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
