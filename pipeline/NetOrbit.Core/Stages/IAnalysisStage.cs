using NetOrbit.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>
/// An analysis stage: an immutable blueprint (its options) that the pipeline starts once per
/// experiment with <see cref="Start"/>. The stage declares its name, the tables it writes (checked
/// before any data flows) and the snapshot interval it needs; the pipeline delivers only snapshots
/// on that interval, calls the experiment's <see cref="IStageExperiment.StartRun"/> and then the
/// run's <see cref="IStageRun"/> methods in step order, from one thread at a time (runs may
/// interleave), and finally <see cref="IStageExperiment.Complete"/>. Everything a stage emits for a
/// run is written in run order, so output bytes do not depend on the thread count.
/// </summary>
public interface IAnalysisStage
{
    /// <summary>Registered name, e.g. <c>lyapunov</c>; table names start with it.</summary>
    string Name { get; }

    /// <summary>
    /// Every k-th step the stage needs snapshots of (1 = every step; 0 = none, only run results).
    /// The pipeline delivers exactly the snapshots whose step is a multiple of k.
    /// </summary>
    int SnapshotInterval { get; }

    /// <summary>
    /// True when the stage reads only the reference network's (member 0's) snapshots. In-stream the
    /// trainer then materialises the copies' snapshots only at steps some other consumer needs them,
    /// so a stage that follows the reference at every step does not pay for every member's weights.
    /// The stage may still receive copies' rows (offline, or when another consumer asked for them)
    /// and must skip them. Default false.
    /// </summary>
    bool ReferenceSnapshotsOnly => false;

    /// <summary>
    /// True when the stage wants the distances between each perturbed member and the reference at
    /// every step, delivered to <see cref="IStageRun.OnMemberDistances"/> (in-stream the trainer
    /// computes them from its own buffers, which costs far less than every step's snapshots; offline
    /// they come from the recorded snapshots). Default false.
    /// </summary>
    bool UsesMemberDistances => false;

    /// <summary>The tables the stage writes, with their schemas.</summary>
    IReadOnlyList<TableDefinition> Tables { get; }

    /// <summary>
    /// Starts the stage for one experiment: the returned object holds every piece of state the
    /// stage keeps across runs (for example what an experiment-level summary needs), so the
    /// blueprint itself stays immutable and can run in several experiments.
    /// </summary>
    IStageExperiment Start(StageContext context);
}
