using NetOrbit.Contracts;
using NetOrbit.Lyapunov;
using NetOrbit.Numerics;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// One run of the regimes stage: the reference's loss, accuracy, ||W||_1 and L1 step per snapshot,
/// and the mean distance m(t) of the copies over the window grid; at the end one features row and,
/// with copies, one labels row.
/// </summary>
internal sealed class RegimesRun : IStageRun
{
    private readonly RegimesOptions _o;
    private readonly RunInfo _run;
    private readonly int _classes;
    private readonly RegimeClassifier? _classifier;
    private readonly List<long> _steps = [];
    private readonly List<double> _loss = [];
    private readonly List<double> _accuracy = [];
    private readonly List<double> _norm = [];
    private readonly List<double> _stepSize = [];
    private readonly MeanDistanceSeries _mean;
    private double[]? _previous;
    private long _lastSnapshot = -1;

    public RegimesRun(RegimesOptions options, RunInfo run, int classes, RegimeClassifier? classifier = null)
    {
        _classifier = classifier;
        _o = options;
        _run = run;
        _classes = classes;
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
            _steps.Add(step);
            _loss.Add(batch.Loss(row));
            _accuracy.Add(batch.Accuracy(row));
            _norm.Add(Norm1(w));
            if (_previous is null)
            {
                _previous = w.ToArray();
            }
            else
            {
                _stepSize.Add(VectorDistance.L1(w, _previous));
                w.CopyTo(_previous);
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
        var f = TrajectoryFeatures.Compute(
            _steps.ToArray(), _loss.ToArray(), _accuracy.ToArray(), _norm.ToArray(), _stepSize.ToArray(), _o.HighFrequency);
        // The trainer stops a diverged member at its last finite weights, so the snapshots may never
        // show the non-finite value: its diverged step says so. Offline, a run whose members all
        // stopped at the same step is marked diverged without naming a member: the reference among them.
        var referenceDiverged = result.DivergedStep.Length > 0 && result.DivergedStep[0] >= 0;
        var noneNamed = result.Status == RunStatus.Diverged && result.DivergedStep.All(s => s < 0);
        var nonFinite = f.NonFinite || result.Status == RunStatus.Failed || referenceDiverged || noneNamed;
        var rows = RegimesTables.FeaturesTable.Rows(1, _run.RunId);
        rows.Real(_run.Eta).Int(_o.Every).Int(f.Snapshots)
            .Real(f.LossInitial).Real(f.LossFinal).Real(f.LossRatio).Real(f.LossMin)
            .Real(f.MonotoneFraction).Real(f.Oscillation).Real(f.LogLossSlope).Real(f.HighFrequencyPower)
            .Real(f.AccuracyFinal)
            .Real(f.StepMean).Real(f.StepMax).Real(f.StepCv)
            .Real(f.NormInitial).Real(f.NormFinal).Real(f.NormMax).Real(f.NormGrowth)
            .Bool(nonFinite)
            .EndRow();
        rows.AppendTo(output);

        if (_classifier is not null)
        {
            var p = _classifier.Predict(RegimeFeatures.Vector(
            [
                f.LossInitial, f.LossFinal, f.LossRatio, f.LossMin, f.MonotoneFraction, f.Oscillation, f.LogLossSlope, f.HighFrequencyPower,
                f.AccuracyFinal, f.StepMean, f.StepMax, f.StepCv, f.NormInitial, f.NormFinal, f.NormMax, f.NormGrowth, nonFinite ? 1 : 0,
            ]));
            var predictions = RegimesTables.PredictionsTable.Rows(1, _run.RunId);
            predictions.Int(0).Text(p.Regime).Real(p.Probabilities[0]).Real(p.Probabilities[1]).Real(p.Probabilities[2]).Real(p.Probabilities[3]).EndRow();
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

    /// <summary>The lyapunov stage's window fit of m(t), up to the first step a copy was missing (diverged); complete is false when m(t) was cut short there.</summary>
    private (WindowFitResult Fit, bool Complete) FitExponent()
    {
        var (m, complete) = _mean.Mean(_run.Members - 1);
        return (WindowFitEstimator.Fit(m, _o.Window), complete);
    }

    private static double Norm1(ReadOnlySpan<double> w)
    {
        double s = 0;
        foreach (var v in w)
        {
            s += Math.Abs(v);
        }

        return s;
    }
}
