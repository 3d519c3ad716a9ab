using NetOrbit.Numerics;

namespace NetOrbit.Pipeline;

/// <summary>
/// The steps at which a trainer emits snapshots: the reference's every <see cref="Reference"/> steps
/// and every member's every <see cref="AllMembers"/> steps (0: never). Each is the gcd of what the
/// consumers need: the trajectory sink (its <c>recording.members</c>) and the stages (their
/// <see cref="Stages.IAnalysisStage.ReferenceSnapshotsOnly"/>). <see cref="AllMembers"/> is a multiple
/// of <see cref="Reference"/>, so every all-member step is also a reference step.
/// </summary>
internal readonly record struct SnapshotGrid(int Reference, int AllMembers)
{
    public static SnapshotGrid Of(ExperimentPlan plan)
    {
        var all = new List<int>();
        var reference = new List<int>();
        foreach (var stage in plan.Stages.Where(s => s.SnapshotInterval > 0))
        {
            (stage.ReferenceSnapshotsOnly ? reference : all).Add(stage.SnapshotInterval);
        }

        var recording = plan.Config.Recording;
        if (recording.WritesSnapshots)
        {
            (recording.Members == "reference" ? reference : all).Add(recording.Every);
        }

        var allMembers = all.Count == 0 ? 0 : all.Aggregate(IntMath.Gcd);
        var any = all.Concat(reference).ToList();
        return new SnapshotGrid(any.Count == 0 ? 0 : any.Aggregate(IntMath.Gcd), allMembers);
    }

    /// <summary>True when step <paramref name="t"/> has a snapshot of the reference.</summary>
    public bool HasReference(long t) => Reference > 0 && t % Reference == 0;

    /// <summary>True when step <paramref name="t"/> has snapshots of every member.</summary>
    public bool HasAllMembers(long t) => AllMembers > 0 && t % AllMembers == 0;
}
