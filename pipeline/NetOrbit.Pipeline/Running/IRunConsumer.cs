namespace NetOrbit.Running;

/// <summary>
/// A sink or analysis stage as the graph sees it: it receives every event of every run (per run in
/// order, runs interleaved), one at a time, and is completed or aborted at the end.
/// </summary>
internal interface IRunConsumer
{
    /// <summary>Name used for the block and in error messages.</summary>
    string Name { get; }

    /// <summary>
    /// True for an analysis stage: when it throws, only it stops (its files are removed) and every
    /// other consumer completes its tables; the run then fails naming it. False (sinks the run
    /// directory needs, such as the runs table): its failure stops the whole run.
    /// </summary>
    bool Isolated => false;

    /// <summary>Handles one event. Snapshot batches must not be kept after returning.</summary>
    ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken);

    /// <summary>All runs are done: finish and commit files.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);

    /// <summary>The experiment failed or was cancelled: release resources and delete incomplete files.</summary>
    ValueTask AbortAsync();
}
