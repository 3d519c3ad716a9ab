using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's analyses of the reference network's training-loss series (its Figs. 10 and 11), run
/// once per run on the loss of every snapshot (opt-in), and its periodic plateaus (the paper's
/// period-3 plateaus at eta = 5, its Fig. 9). JSON: <c>"loss": { "enabled", "tolerance",
/// "references", "max_lag", "shuffles", "seed", "plateau_period", "plateau_tolerance",
/// "plateau_min_length" }</c>.
/// </summary>
public sealed record LossAnalysisOptions
{
    /// <summary>Run the loss analyses. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Kantz-type analysis: neighbours are snapshots whose loss is within this, &gt; 0. Default 5e-5.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double Tolerance { get; init; } = 5e-5;

    /// <summary>Kantz-type analysis: reference points drawn, &gt;= 1. Default 1000.</summary>
    [OptionRange(1)]
    public int References { get; init; } = 1000;

    /// <summary>Autocorrelation: largest lag, &gt;= 1. Default 50.</summary>
    [OptionRange(1)]
    public int MaxLag { get; init; } = 50;

    /// <summary>Autocorrelation: shuffles of the null band (3rd to 97th percentile), &gt;= 1. Default 1000.</summary>
    [OptionRange(1)]
    public int Shuffles { get; init; } = 1000;

    /// <summary>Plateaus: the period looked for, &gt;= 2. Default 3 (the paper's).</summary>
    [OptionRange(2)]
    public int PlateauPeriod { get; init; } = 3;

    /// <summary>Plateaus: relative tolerance of |L(t+p) - L(t)| &lt;= tol |L(t)|, &gt; 0. Default 1e-3.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double PlateauTolerance { get; init; } = 1e-3;

    /// <summary>Plateaus: the shortest plateau counted, in steps, &gt;= 4. Default 30.</summary>
    [OptionRange(4)]
    public int PlateauMinLength { get; init; } = 30;

    /// <summary>Seed of the reference draw and the shuffles (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
