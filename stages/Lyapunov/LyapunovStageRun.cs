using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Per-run state of the Lyapunov stage: routes the member distances to the paper's estimator
/// (<see cref="TwinDistanceFit"/>) and the reference's snapshots to one small object per enabled
/// estimator that follows it (<see cref="BenettinRun"/>, <see cref="SpectrumRun"/>,
/// <see cref="SharpnessRun"/>, <see cref="PostLearningRun"/>, <see cref="LossAnalysisRun"/>).
/// Called from one thread at a time, steps ascending.
/// </summary>
internal sealed class LyapunovStageRun : IStageRun
{
    private readonly RunInfo _run;
    private readonly TwinDistanceFit _twins;
    private readonly IReadOnlyList<IReferenceEstimator> _estimators;
    private readonly double[] _reference;
    private long _referenceStep = -1;
    private bool _gap;

    public LyapunovStageRun(LyapunovOptions options, RunInfo run, RunContext context)
    {
        _run = run;
        _reference = new double[run.Layout.Count];
        _twins = new TwinDistanceFit(options, run);
        var estimators = new List<IReferenceEstimator>();
        var map = options.NeedsModel ? new GradientDescentMap(context.Model, context.Dataset.Train, run.Eta) : null;
        if (map is not null)
        {
            // The order is the order each step's work is done in (they share the map).
            if (options.Benettin.Enabled)
            {
                estimators.Add(new BenettinRun(options, map, run));
            }

            if (options.Spectrum.Enabled)
            {
                estimators.Add(new SpectrumRun(options, map, run));
            }

            if (options.Sharpness.Enabled)
            {
                estimators.Add(new SharpnessRun(options, map, run));
            }

            if (options.PostLearning.Enabled)
            {
                estimators.Add(new PostLearningRun(options, map, run));
            }
        }

        if (options.Loss.Enabled)
        {
            estimators.Add(new LossAnalysisRun(options, run));
        }

        _estimators = estimators;
    }

    public void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        _twins.OnMemberDistances(batch, output);
    }

    public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
    {
        // Only the reference's snapshots matter here (model-based trackers, loss series); the
        // distances to the copies arrive through OnMemberDistances.
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        for (var row = 0; row < batch.Length; row++)
        {
            if (batch.Member(row) != 0)
            {
                continue;
            }

            var step = batch.Step(row);
            // Sparsely recorded trajectories (analyze on files recorded every k steps): the
            // step-by-step trackers stop.
            _gap |= step != _referenceStep + 1;
            batch.Weights(row).CopyTo(_reference);
            _referenceStep = step;
            var loss = batch.Loss(row);
            foreach (var e in _estimators)
            {
                e.OnReference(step, _reference, loss, _gap);
            }
        }

        // One batch per snapshot batch and table, as rows came.
        foreach (var e in _estimators)
        {
            e.Flush(output);
        }
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        _twins.Flush(output);
        if (_run.Members > 1)
        {
            _twins.EmitExponent(result, output);
        }

        foreach (var e in _estimators)
        {
            e.OnCompleted(result, output);
        }
    }
}
