using NetOrbit.Training;

namespace NetOrbit.Cli.Bench;

/// <summary>What <see cref="TrainerBenchmark.Run"/> measured, with the machine it ran on.</summary>
internal sealed record TrainerBenchmarkResult
{
    /// <summary>One entry per workload and thread count.</summary>
    public required IReadOnlyList<TrainerMeasurement> Measurements { get; init; }

    /// <summary>Logical processors.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>Widest hardware-accelerated vector (512, 256 or 128 bits).</summary>
    public required int VectorBits { get; init; }

    /// <summary>Runtime description, e.g. <c>.NET 10.0.0</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>Operating system description.</summary>
    public required string OperatingSystem { get; init; }

    /// <summary>
    /// This machine's float64 FMA ceiling on one thread, measured just before the workloads (<see cref="MachinePeak"/>):
    /// a workload's GFLOP/s over (threads x this) is the share of the ceiling its matrix products reach; the rest of
    /// its time goes to the exponentials and divisions of the sigmoid and softmax, which the FLOP count leaves out.
    /// </summary>
    public required double FmaPeakGigaFlopsPerThread { get; init; }

    /// <summary>FLOP formula used for GFLOP/s.</summary>
    public string FlopFormula { get; init; } = "per network-step: 2 N (2 sum_l fanin*fanout + sum_{l>=2} fanin*fanout); exp, division and update not counted";
}
