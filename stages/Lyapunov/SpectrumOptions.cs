using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Lyapunov spectrum of the gradient-descent map along the reference trajectory (opt-in: k
/// Hessian-vector products and one QR per step). JSON: <c>"spectrum": { "enabled", "exponents",
/// "qr_every", "record_every", "seed" }</c>.
/// </summary>
public sealed record SpectrumOptions
{
    /// <summary>Track the spectrum. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Number k of leading exponents, &gt;= 1; capped at the parameter count P. Default 10.</summary>
    [OptionRange(1)]
    public int Exponents { get; init; } = 10;

    /// <summary>Steps between QR re-orthonormalisations, &gt;= 1. Default 1.</summary>
    [OptionRange(1)]
    public int QrEvery { get; init; } = 1;

    /// <summary>Steps between history rows, a multiple of <see cref="QrEvery"/>; the last step is always written. Default 10.</summary>
    [OptionRange(1)]
    public int RecordEvery { get; init; } = 10;

    /// <summary>Seed of the initial tangent vectors (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
