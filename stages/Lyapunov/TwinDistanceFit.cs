using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's estimator for one run: the distances d_j(t) of the perturbed copies to the reference
/// (rows of <c>lyapunov/distances</c> every <c>record_every</c> steps), their mean m(t) over the
/// window grid, and at the end the window fit and Eq. 4 (<c>lyapunov/exponents</c>), from
/// which the stage's summary is computed.
/// </summary>
internal sealed class TwinDistanceFit
{
    /// <summary>Distance rows per record batch of <c>lyapunov/distances</c> at most.</summary>
    internal const int RowsPerBatch = 65_536;

    private readonly LyapunovOptions _o;
    private readonly RunInfo _run;
    private readonly MeanDistanceSeries _mean;
    private readonly RowBatchBuilder _rows;
    private long _lastStep = -1;

    public TwinDistanceFit(LyapunovOptions options, RunInfo run)
    {
        _o = options;
        _run = run;
        // m(t) is only needed as far as the window grid and Eq. 4 reach, not for the whole run.
        var fitSpan = Math.Max(_o.Window.Span, _o.Tau + 1);
        _mean = new MeanDistanceSeries(Math.Min(run.Steps + 1, fitSpan));
        _rows = LyapunovTables.DistancesTable.Rows(runId: run.RunId);
    }

    public void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
    {
        var l1 = _o.Norm == DistanceNorm.L1;
        for (var i = 0; i < batch.Length; i++)
        {
            var step = batch.Step(i);
            if (step > _run.Steps || step <= _lastStep)
            {
                continue;
            }

            _lastStep = step;
            var record = step % _o.RecordEvery == 0;
            var fitted = _mean.BeginStep(step);

            for (var member = 1; member < batch.Members; member++)
            {
                var d = l1 ? batch.L1(i, member) : batch.L2(i, member);
                if (double.IsNaN(d))
                {
                    continue; // the copy has diverged (or was not recorded): no distance for this step
                }

                if (fitted)
                {
                    _mean.Add(step, d);
                }

                if (record)
                {
                    _rows.Int(member).Long(step).Real(d).EndRow();
                }
            }
        }

        if (_rows.Count >= RowsPerBatch)
        {
            Flush(output);
        }
    }

    /// <summary>Emits the distance rows held so far as one record batch (rows are written once the run is done anyway).</summary>
    public void Flush(IStageOutput output) => _rows.AppendTo(output);

    /// <summary>The window fit and Eq. 4 of the run (only with perturbed copies).</summary>
    public void EmitExponent(RunResult result, IStageOutput output)
    {
        // m(t) over the steps where every copy was present, up to the first divergence; NaN marks a
        // step without a snapshot.
        var (m, complete) = _mean.Mean(_run.Members - 1);
        var truncated = !complete;
        var fit = WindowFitEstimator.Fit(m, _o.Window);
        var eq4 = WindowFitEstimator.Eq4(m, _o.Tau);
        string status;
        if (result.Status == RunStatus.Failed)
        {
            status = "failed";
        }
        else if (truncated || result.FirstDivergedStep is >= 0 && result.FirstDivergedStep < _mean.Length)
        {
            status = "diverged";
        }
        else if (fit.WindowStart < 0)
        {
            status = "no_window";
        }
        else
        {
            status = "ok";
        }

        var kept = fit.Kept && status == "ok";
        var row = LyapunovTables.ExponentsTable.Rows(1, _run.RunId);
        row.Real(_run.Eta).Real(_run.Epsilon).Int(_run.Members).Real(fit.Lambda).Real(fit.R2)
            .Int(fit.WindowStart).Int(fit.WindowLength).Bool(kept).Int(_o.Tau).Real(eq4).Text(status)
            .EndRow();
        row.AppendTo(output);
    }
}
