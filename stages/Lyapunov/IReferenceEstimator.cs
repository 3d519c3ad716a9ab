using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// One estimator of the Lyapunov stage for one run that follows the reference network's snapshots
/// (Benettin, spectrum, sharpness, post-learning, the loss analyses): the stage's run holds one per
/// enabled estimator and feeds each the reference at every step.
/// </summary>
internal interface IReferenceEstimator
{
    /// <summary>The reference's weights W(<paramref name="step"/>) and loss; <paramref name="gap"/> is true once a step was missing (step-by-step trackers stop).</summary>
    void OnReference(long step, double[] reference, double loss, bool gap);

    /// <summary>Writes the rows gathered since the last call (once per snapshot batch).</summary>
    void Flush(IStageOutput output);

    /// <summary>The run has finished: write what is computed at the end.</summary>
    void OnCompleted(RunResult result, IStageOutput output);
}
