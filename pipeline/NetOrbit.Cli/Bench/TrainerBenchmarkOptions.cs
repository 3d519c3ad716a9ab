using NetOrbit.Training;

namespace NetOrbit.Cli.Bench;

/// <summary>Options of <see cref="TrainerBenchmark.Run"/>.</summary>
internal sealed record TrainerBenchmarkOptions
{
    /// <summary>Workload names to run (see <see cref="TrainerBenchmark.Workloads"/>); empty runs all. Default: all.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>Thread counts to measure, each thread training its own ensemble. Default: 1 and the processor count.</summary>
    public IReadOnlyList<int> Threads { get; init; } = Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    /// <summary>Seconds of measured training per repeat (after a warm-up of about a second per workload and thread count). Default 1.</summary>
    public double Seconds { get; init; } = 1.0;

    /// <summary>Repeats per workload and thread count; the best is reported and all are kept. Default 3.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Networks per ensemble; 0 keeps each workload's own (6). Default 0.</summary>
    public int Members { get; init; }
}
