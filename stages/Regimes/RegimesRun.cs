using NetOrbit.Contracts;
using NetOrbit.Graph.Kernels;
using NetOrbit.Lyapunov;
using NetOrbit.Numerics;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// One run of the regimes stage: the reference's series (<see cref="TrajectorySeries"/>) over the whole
/// run and over the open timeline windows, and the mean distance m(t) of the copies over the window
/// grid; at the end one features row, with a model one prediction, and with copies one labels row.
/// A window's timeline row is written when the window closes.
/// </summary>
internal sealed class RegimesRun : IStageRun
{
    private readonly RegimesOptions _o;
    private readonly RunInfo _run;
    private readonly int _classes;
    private readonly RegimeClassifier? _classifier;
    private readonly TrajectorySeries _whole;
    private readonly List<TrajectorySeries> _windows = [];
    private readonly MeanDistanceSeries _mean;
    private double[]? _previous;
    private long _lastSnapshot = -1;
    private long _nextWindow;

    public RegimesRun(RegimesOptions options, RunInfo run, int classes, RegimeClassifier? classifier)
    {
        _classifier = classifier;
        _o = options;
        _run = run;
        _classes = classes;
        _whole = NewSeries();
        // m(t) is needed only as far as the window grid reaches.
        _mean = new MeanDistanceSeries(Math.Min(run.Steps + 1, options.Window.Span));
    }

    public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
    {
        for (var row = 0; row < batch.Length; row++)
        {
            var step = batch.Step(row);
            if (batch.Member(row) != 0 || step <= _lastSnapshot)
            {
                continue;
            }

            _lastSnapshot = step;
            var w = batch.Weights(row);
            var norm = NetworkNorms.L1(w);
            double stepSize = double.NaN;
            if (_previous is null)
            {
                _previous = w.ToArray();
            }
            else
            {
                stepSize = VectorDistance.L1(w, _previous);
                w.CopyTo(_previous);
            }

            var (loss, accuracy) = (batch.Loss(row), batch.Accuracy(row));
            _whole.Add(step, loss, accuracy, w, norm, stepSize);
            if (_classifier is null || _o.TimelineWindow == 0)
            {
                continue;
            }

            if (step >= _nextWindow)
            {
                _windows.Add(NewSeries());
                while (_nextWindow <= step)
                {
                    _nextWindow += _o.TimelineStride;
                }
            }

            foreach (var window in _windows)
            {
                window.Add(step, loss, accuracy, w, norm, stepSize);
            }

            // Windows are opened in step order, so the ones that close are at the front.
            while (_windows.Count > 0 && step - _windows[0].FirstStep >= _o.TimelineWindow)
            {
                var closed = _windows[0];
                _windows.RemoveAt(0);
                var f = closed.Features(_run.Layout, _o.HighFrequency);
                var p = _classifier.Predict(RegimeFeatures.Vector(f, f.NonFinite));
                var rows = RegimesTables.TimelineTable.Rows(1, _run.RunId);
                rows.Int(0).Long(closed.FirstStep).Long(step).Text(p.Regime);
                foreach (var probability in p.Probabilities)
                {
                    rows.Real(probability);
                }

                rows.EndRow();
                rows.AppendTo(output);
            }
        }
    }

    public void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
    {
        var l1 = _o.Norm == DistanceNorm.L1;
        for (var i = 0; i < batch.Length; i++)
        {
            var step = batch.Step(i);
            if (!_mean.BeginStep(step))
            {
                continue;
            }

            for (var member = 1; member < batch.Members; member++)
            {
                _mean.Add(step, l1 ? batch.L1(i, member) : batch.L2(i, member));
            }
        }
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        var f = _whole.Features(_run.Layout, _o.HighFrequency);
        // The trainer stops a diverged member at its last finite weights, so the snapshots may never
        // show the non-finite value: its diverged step says so. Offline, a run whose members all
        // stopped at the same step is marked diverged without naming a member: the reference among them.
        var referenceDiverged = result.DivergedStep.Length > 0 && result.DivergedStep[0] >= 0;
        var noneNamed = result.Status == RunStatus.Diverged && result.DivergedStep.All(s => s < 0);
        var nonFinite = f.NonFinite || result.Status == RunStatus.Failed || referenceDiverged || noneNamed;
        RegimesTables.AppendFeatures(output, _run.RunId, _run.Eta, _o.Every, f, nonFinite);

        if (_classifier is not null)
        {
            var p = _classifier.Predict(RegimeFeatures.Vector(f, nonFinite));
            var predictions = RegimesTables.PredictionsTable.Rows(1, _run.RunId);
            predictions.Int(0).Text(p.Regime);
            foreach (var probability in p.Probabilities)
            {
                predictions.Real(probability);
            }

            predictions.EndRow();
            predictions.AppendTo(output);
        }

        if (_run.Members < 2)
        {
            return;
        }

        var (fit, complete) = FitExponent();
        var kept = fit.Kept && complete;
        var chance = 1.0 / _classes;
        var label = RegimeRules.Classify(
            new RegimeEvidence(nonFinite, fit.Lambda, kept, f.LossRatio, f.AccuracyFinal, chance, f.MonotoneFraction, f.Oscillation), _o);
        var labels = RegimesTables.LabelsTable.Rows(1, _run.RunId);
        labels.Real(_run.Eta).Real(fit.Lambda).Real(fit.R2).Bool(kept).Real(f.LossRatio).Real(f.AccuracyFinal).Real(chance)
            .Text(label.Regime).Text(label.Reason)
            .EndRow();
        labels.AppendTo(output);
    }

    private TrajectorySeries NewSeries() => new(_run.Layout.Count, TrajectoryFeatures.WeightRecurrencePoints);

    /// <summary>The lyapunov stage's window fit of m(t), up to the first step a copy was missing (diverged); complete is false when m(t) was cut short there.</summary>
    private (WindowFitResult Fit, bool Complete) FitExponent()
    {
        var (m, complete) = _mean.Mean(_run.Members - 1);
        return (WindowFitEstimator.Fit(m, _o.Window), complete);
    }
}
