namespace NetOrbit.Stages;

/// <summary>What a stage is given for one experiment.</summary>
/// <param name="OutputDirectory">The run directory (or, offline, where the stage tables go), for stages that write files other than tables.</param>
/// <param name="Threads">The thread budget (<c>--threads</c>): a stage that parallelises its own work uses at most this many threads; at least 1.</param>
/// <param name="CancellationToken">Signalled when the experiment is cancelled or another block failed; long computations should observe it.</param>
public sealed record StageContext(string OutputDirectory, int Threads, CancellationToken CancellationToken)
{
    /// <summary>A context for running a stage outside the pipeline (tests, benchmarks): one thread, no cancellation.</summary>
    public static StageContext ForDirectory(string outputDirectory) => new(outputDirectory, 1, CancellationToken.None);
}
