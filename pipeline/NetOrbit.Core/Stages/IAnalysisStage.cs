using NetOrbit.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>
/// An analysis stage: a blueprint the pipeline turns into one Dataflow block per experiment.
/// The stage declares the tables it writes (checked before any data flows) and how often it needs
/// snapshots; the pipeline calls <see cref="StartRun"/>, then the run's <see cref="IStageRun"/>
/// methods in step order, from one thread at a time (runs may interleave), and finally
/// <see cref="Complete"/>. Everything a stage emits for a run is written in run order, so output
/// bytes do not depend on the thread count.
/// </summary>
public interface IAnalysisStage
{
    /// <summary>Registered name, e.g. <c>lyapunov</c>; table names start with it.</summary>
    string Name { get; }

    /// <summary>Every k-th step the stage needs snapshots of (1 = every step; 0 = none, only run results).</summary>
    int SnapshotInterval { get; }

    /// <summary>
    /// True when the stage wants the distances between each perturbed member and the reference at
    /// every step, delivered to <see cref="IStageRun.OnMemberDistances"/> (in-stream the trainer
    /// computes them from its own buffers, which costs far less than every step's snapshots; offline
    /// they come from the recorded snapshots). Default false.
    /// </summary>
    bool UsesMemberDistances => false;

    /// <summary>The tables the stage writes, with their schemas.</summary>
    IReadOnlyList<TableDefinition> Tables { get; }

    /// <summary>Creates the per-run state for <paramref name="run"/>.</summary>
    IStageRun StartRun(RunInfo run, RunContext context);

    /// <summary>Called once after every run has completed: emit experiment-level tables (summaries). Order them by run index.</summary>
    void Complete(IStageOutput output);
}
