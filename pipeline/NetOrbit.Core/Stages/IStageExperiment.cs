using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>
/// A stage's state for one experiment, made by <see cref="IAnalysisStage.Start"/>. The pipeline
/// calls it from one thread at a time, so it needs no locks.
/// </summary>
public interface IStageExperiment
{
    /// <summary>Creates the per-run state for <paramref name="run"/>.</summary>
    IStageRun StartRun(RunInfo run, RunContext context);

    /// <summary>Called once after every run has completed: emit experiment-level tables (summaries), ordered by run index. Default: nothing.</summary>
    void Complete(IStageOutput output)
    {
    }
}
