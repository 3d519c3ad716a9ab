using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Sharpness (top Hessian eigenvalue) of the reference along training by Lanczos on Hessian-vector
/// products (opt-in). JSON: <c>"sharpness": { "enabled", "every", "iterations", "tolerance", "seed" }</c>.
/// </summary>
public sealed record SharpnessOptions
{
    /// <summary>Track sharpness. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Steps between evaluations, &gt;= 1 (step 0 and the last step are always evaluated). Default 10.</summary>
    [OptionRange(1)]
    public int Every { get; init; } = 10;

    /// <summary>Most Lanczos iterations (Hessian-vector products) per evaluation, 1..10000 (capped at P). Default 30.</summary>
    [OptionRange(1, 10_000)]
    public int Iterations { get; init; } = 30;

    /// <summary>Relative residual at which Lanczos stops, in (0, 1). Default 1e-8.</summary>
    [OptionRange(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Seed of the Lanczos start vector (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
