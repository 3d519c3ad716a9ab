using NetOrbit.Graph;

namespace NetOrbit.Cli.Bench;

/// <summary>Measured cost of the graph stage for one architecture (times in microseconds, per member).</summary>
/// <param name="Architecture">Layer widths, e.g. <c>4-10-3</c>.</param>
/// <param name="Parameters">P, parameters per network.</param>
/// <param name="TrainingRows">Rows of the synthetic training split used by the yardstick step and the ablation.</param>
/// <param name="Every">Metrics interval of the measured options.</param>
/// <param name="PathEvery">Path interval of the measured options.</param>
/// <param name="StagePerSnapshotMicroseconds">
/// Stage time per metrics snapshot: <see cref="GraphStageFactory"/>'s stage fed every snapshot its
/// interval asks for, total OnSnapshots time divided by the number of metrics rows (so it includes
/// the path updates of the steps in between and the Arrow row building).
/// </param>
/// <param name="TrainingStepMicroseconds">One network-step (one member, one full-batch step) of the trainer compared with: the caller's, or the reference MLP's.</param>
/// <param name="TrainingStepSource"><c>caller</c> or <c>reference-mlp</c> (a per-sample MLP, several times slower than a batched trainer).</param>
/// <param name="AblationMilliseconds">One member's end-of-run ablation of the configured layer (once per run with the default <c>ablation: reference</c>).</param>
/// <param name="AblationSource"><c>caller</c> (the model the caller gave, the pipeline's) or <c>reference-mlp</c> (every ablated network evaluated).</param>
internal sealed record GraphBenchmarkResult(
    string Architecture,
    int Parameters,
    int TrainingRows,
    int Every,
    int PathEvery,
    double StagePerSnapshotMicroseconds,
    double TrainingStepMicroseconds,
    string TrainingStepSource,
    double AblationMilliseconds,
    string AblationSource)
{
    /// <summary>
    /// Slow-down of a run of <paramref name="members"/> x <paramref name="steps"/> network-steps by
    /// one ablation at its end (0.1 = 10%).
    /// </summary>
    public double AblationOverhead(int members = 6, int steps = 1000) =>
        AblationMilliseconds * 1000 / (members * (double)steps * TrainingStepMicroseconds);

    /// <summary>
    /// Slow-down of a recording run by the stage at this interval: stage time per snapshot over the
    /// training time of the <see cref="Every"/> steps between snapshots (0.1 = 10%).
    /// </summary>
    public double Overhead => StagePerSnapshotMicroseconds / (Every * TrainingStepMicroseconds);
}
