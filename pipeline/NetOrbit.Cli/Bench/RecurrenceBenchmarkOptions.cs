using NetOrbit.Recurrence;

namespace NetOrbit.Cli.Bench;

/// <summary>Inputs of <see cref="RecurrenceBenchmarks.Run"/>; defaults are the two workloads.</summary>
internal sealed record RecurrenceBenchmarkOptions
{
    /// <summary>
    /// The Roessler x series of Marwan's RP speed test (one number per line, e.g. samples/data/roessler_x.csv.gz).
    /// Null: the series is integrated here (RK4, a = b = 0.25, c = 4, dt = 0.05, 1000 transient samples
    /// dropped), which is the same system but not the published file, so its measures differ slightly.
    /// </summary>
    public string? RoesslerSeriesPath { get; init; }

    /// <summary>First samples of the Roessler series used (default 100,237; embedded m = 3, delay 6, eps 1.2).</summary>
    public int RoesslerSamples { get; init; } = 100_237;

    /// <summary>
    /// A recorded weight trajectory (row-major, <see cref="TrajectoryParameters"/> values per snapshot),
    /// e.g. Iris 4-10-3 training. Null: a seeded noisy gradient descent on an 83-dimensional quadratic.
    /// </summary>
    public double[]? TrajectoryWeights { get; init; }

    /// <summary>Snapshots of the trajectory workload (default 10,000).</summary>
    public int TrajectorySnapshots { get; init; } = 10_000;

    /// <summary>Parameters per snapshot (default 83, the Iris 4-10-3 network).</summary>
    public int TrajectoryParameters { get; init; } = 83;

    /// <summary>Timed repeats per workload after one warm-up; the best and the median are reported.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Worker threads, or -1 for all cores.</summary>
    public int Threads { get; init; } = -1;
}
