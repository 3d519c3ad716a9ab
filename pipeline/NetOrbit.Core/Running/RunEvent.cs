using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>What flows from the trainers to the consumers: a batch of snapshots, or the run's final result.</summary>
public sealed class RunEvent
{
    private RunEvent(RunInfo run, SnapshotBatch? snapshots, RunResult? result)
    {
        Run = run;
        Snapshots = snapshots;
        Result = result;
    }

    /// <summary>The run.</summary>
    public RunInfo Run { get; }

    /// <summary>Snapshots, or null for a completion event.</summary>
    public SnapshotBatch? Snapshots { get; }

    /// <summary>The run's result, or null for a snapshot event.</summary>
    public RunResult? Result { get; }

    /// <summary>A snapshot event.</summary>
    public static RunEvent Of(SnapshotBatch batch) => new(batch.Run, batch, null);

    /// <summary>A completion event.</summary>
    public static RunEvent Of(RunResult result) => new(result.Run, null, result);
}
