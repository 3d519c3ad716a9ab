namespace NetOrbit.Pipeline;

/// <summary>How <see cref="Experiment.RunAsync"/> runs: threads, progress, shard and resumption.</summary>
public sealed record ExperimentRunOptions
{
    /// <summary>Runs trained in parallel, and the thread budget the stages are given; at least 1. Default: every core.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Receives progress at most every 100 ms while runs train and once per finished run, on the
    /// thread that trained (use <see cref="Progress{T}"/> to marshal to a UI thread). Null: none.
    /// </summary>
    public IProgress<ExperimentProgress>? Progress { get; init; }

    /// <summary>
    /// Training slots shared with experiments that run at the same time, such as a study's parts: a run trains only
    /// while it holds one, so together they never train more runs at once than the pool has slots, and the cores one
    /// experiment leaves idle (its last runs, its closing analyses) go to another. Null: only <see cref="Threads"/>
    /// limits this experiment. Values never depend on it.
    /// </summary>
    public SemaphoreSlim? SharedSlots { get; init; }

    /// <summary>Trains only this part of the grid (null: all of it); the run directory records it for <c>netorbit merge</c>.</summary>
    public ExperimentShard? Shard { get; init; }

    /// <summary>
    /// Continues an interrupted run directory of the same configuration and shard: the runs whose
    /// rows were committed are kept, the others trained. A missing or empty directory starts afresh;
    /// a completed one is left as it is. Default false (an earlier run directory is replaced).
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Keep every trained run's result (without its weight vectors, which are in the trajectories)
    /// for <see cref="ExperimentResult.Runs"/>. Default true; set false for large sweeps, so memory
    /// does not grow with the number of runs.
    /// </summary>
    public bool KeepRunResults { get; init; } = true;

    /// <summary>Serialized trajectories of unfinished or out-of-order runs held in memory at most; the rest wait on disk (tests set 0 to send every run there).</summary>
    internal long TrajectoryHeldBytes { get; init; } = Running.TrajectorySink.HeldBytes;

    /// <summary>
    /// Runs of one initial condition that differ only in eps replay the reference trained by the first of them
    /// (<see cref="ReferenceTracks"/>); off only to check, in tests, that the tables are the same either way.
    /// </summary>
    internal bool ShareReferences { get; init; } = true;
}
