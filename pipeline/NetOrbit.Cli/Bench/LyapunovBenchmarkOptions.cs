using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Lyapunov;

namespace NetOrbit.Cli.Bench;

/// <summary>What <see cref="LyapunovBenchmark.Run"/> measures.</summary>
internal sealed record LyapunovBenchmarkOptions
{
    /// <summary>The model whose HVPs drive the spectrum and sharpness; null = a dense quadratic stand-in with P = 83 (one 83 x 83 product per HVP).</summary>
    public INetworkModel? Model { get; init; }

    /// <summary>The data the model is evaluated on (required with <see cref="Model"/>).</summary>
    public DataSplit? Split { get; init; }

    /// <summary>Learning rate of the GD map. Default 1.</summary>
    public double Eta { get; init; } = 1;

    /// <summary>Wall time per measurement in seconds (&gt; 0). Default 1.</summary>
    public double Seconds { get; init; } = 1;

    /// <summary>Numbers k of exponents to time (each capped at P). Default 1, 10, 83.</summary>
    public IReadOnlyList<int> SpectrumCounts { get; init; } = [1, 10, 83];

    /// <summary>Ensemble size for the in-stream distance cost (reference + copies). Default 6.</summary>
    public int Members { get; init; } = 6;

    /// <summary>Length of the mean-distance curve given to the window fit. Default 200.</summary>
    public int CurveLength { get; init; } = 200;
}
