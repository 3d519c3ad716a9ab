using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>The experiment state of a stage that keeps nothing across runs: each run starts from <paramref name="startRun"/>.</summary>
/// <param name="startRun">Creates the per-run state.</param>
public sealed class PerRunExperiment(Func<RunInfo, RunContext, IStageRun> startRun) : IStageExperiment
{
    /// <inheritdoc />
    public IStageRun StartRun(RunInfo run, RunContext context) => startRun(run, context);
}
