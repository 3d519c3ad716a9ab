using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>A stage's state for one run.</summary>
public interface IStageRun
{
    /// <summary>
    /// Consumes a batch of snapshots (steps ascending; only steps divisible by the stage's interval
    /// are guaranteed). The batch and its weight spans are valid only during the call: the pipeline
    /// reuses their memory afterwards, so copy what must be kept.
    /// </summary>
    void OnSnapshots(SnapshotBatch batch, IStageOutput output);

    /// <summary>
    /// Consumes the member distances of a block of steps (steps ascending; every step in-stream, the
    /// recorded steps offline). Called only for stages whose <see cref="IAnalysisStage.UsesMemberDistances"/>
    /// is true, interleaved with <see cref="OnSnapshots"/> in step order per kind. Default: ignored.
    /// </summary>
    void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
    {
    }

    /// <summary>Called once when the run has finished; emit the run's results.</summary>
    void OnCompleted(RunResult result, IStageOutput output);
}
