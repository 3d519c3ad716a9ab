using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Benettin's renormalised twin of the reference network (opt-in: one extra gradient per step).
/// JSON: <c>"benettin": { "enabled", "d0", "renormalize_every", "seed" }</c>.
/// </summary>
public sealed record BenettinOptions
{
    /// <summary>Run the twin. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Separation after each renormalisation, in the stage's norm, &gt; 0. Default 1e-8.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double D0 { get; init; } = 1e-8;

    /// <summary>Steps between renormalisations k, 1..10000. Default 1.</summary>
    [OptionRange(1, 10_000)]
    public int RenormalizeEvery { get; init; } = 1;

    /// <summary>Seed of the initial separation direction (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
