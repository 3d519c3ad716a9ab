using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's analyses of the reference network's training-loss series (its Figs. 10 and 11), run
/// once per run on the loss of every snapshot (opt-in). JSON: <c>"loss": { "enabled", "tolerance",
/// "references", "max_lag", "shuffles", "seed" }</c>.
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

    /// <summary>Seed of the reference draw and the shuffles (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
