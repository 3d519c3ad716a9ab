using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>What flows from the trainers to the consumers: a batch of snapshots, a batch of member distances, or the run's final result.</summary>
public sealed class RunEvent
{
    private RunEvent(RunInfo run, SnapshotBatch? snapshots, RunResult? result, MemberDistanceBatch? distances = null)
    {
        Run = run;
        Snapshots = snapshots;
        Result = result;
        Distances = distances;
    }

    /// <summary>The run.</summary>
    public RunInfo Run { get; }

    /// <summary>Snapshots, or null.</summary>
    public SnapshotBatch? Snapshots { get; }

    /// <summary>The run's result, or null for a snapshot or distance event.</summary>
    public RunResult? Result { get; }

    /// <summary>Member distances, or null.</summary>
    public MemberDistanceBatch? Distances { get; }

    /// <summary>A snapshot event.</summary>
    public static RunEvent Of(SnapshotBatch batch) => new(batch.Run, batch, null);

    /// <summary>A member-distance event.</summary>
    public static RunEvent Of(MemberDistanceBatch batch) => new(batch.Run, null, null, batch);

    /// <summary>A completion event.</summary>
    public static RunEvent Of(RunResult result) => new(result.Run, null, result);
}
