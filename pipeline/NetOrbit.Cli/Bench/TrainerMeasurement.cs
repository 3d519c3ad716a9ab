using NetOrbit.Training;

namespace NetOrbit.Cli.Bench;

/// <summary>Throughput of one workload at one thread count.</summary>
internal sealed record TrainerMeasurement
{
    /// <summary>Workload name.</summary>
    public required string Workload { get; init; }

    /// <summary>Layer widths joined by '-'.</summary>
    public required string Architecture { get; init; }

    /// <summary>Training rows per full-batch step.</summary>
    public required int Samples { get; init; }

    /// <summary>Networks per ensemble.</summary>
    public required int Members { get; init; }

    /// <summary>Threads, each training one ensemble concurrently.</summary>
    public required int Threads { get; init; }

    /// <summary>Best network-steps per second over the repeats (all threads together).</summary>
    public required double NetworkStepsPerSecond { get; init; }

    /// <summary>Every repeat's network-steps per second.</summary>
    public required IReadOnlyList<double> Repeats { get; init; }

    /// <summary>Achieved GFLOP/s of the best repeat (see <see cref="TrainerWorkload.FlopsPerNetworkStep"/>).</summary>
    public required double GigaFlopsPerSecond { get; init; }

    /// <summary>FLOP per network-step.</summary>
    public required double FlopsPerNetworkStep { get; init; }

    /// <summary>Exponentials per network-step.</summary>
    public required double ExponentialsPerNetworkStep { get; init; }

    /// <summary>
    /// Network-steps per second of CPU time actually given to the worker threads, times the thread count: what the
    /// threads would reach on otherwise idle cores. Differs from <see cref="NetworkStepsPerSecond"/> when other processes
    /// compete for the cores. Null where per-thread CPU time is not available (Linux only).
    /// </summary>
    public double? CpuNetworkStepsPerSecond { get; init; }
}
