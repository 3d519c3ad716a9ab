namespace NetOrbit.Pipeline;

/// <summary>How <see cref="Experiment.RunAsync"/> runs: threads and where progress goes.</summary>
public sealed record ExperimentRunOptions
{
    /// <summary>Runs trained in parallel, and the thread budget the stages are given; at least 1. Default: every core.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Receives progress at most every 100 ms while runs train and once per finished run, on the
    /// thread that trained (use <see cref="Progress{T}"/> to marshal to a UI thread). Null: none.
    /// </summary>
    public IProgress<ExperimentProgress>? Progress { get; init; }
}
