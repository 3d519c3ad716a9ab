using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>The Lyapunov spectrum of the GD map along the reference for one run (<c>lyapunov/spectrum</c>): k tangent vectors, QR every <c>qr_every</c> steps.</summary>
internal sealed class SpectrumRun : IReferenceEstimator
{
    private readonly LyapunovOptions _o;
    private readonly RunInfo _run;
    private readonly LyapunovSpectrumTracker _tracker;
    private readonly RowBatchBuilder _rows;
    private long _emitted;

    public SpectrumRun(LyapunovOptions options, GradientDescentMap map, RunInfo run)
    {
        _o = options;
        _run = run;
        var k = Math.Min(options.Spectrum.Exponents, run.Layout.Count);
        _tracker = new LyapunovSpectrumTracker(map, k, options.Spectrum.QrEvery, SeedMixer.Mix(options.Spectrum.Seed, run.PerturbationSeed, 2));
        _rows = LyapunovTables.SpectrumTable.Rows(runId: run.RunId);
    }

    public void OnReference(long step, double[] reference, double loss, bool gap)
    {
        if (gap || step >= _run.Steps || !_tracker.IsFinite)
        {
            return;
        }

        _tracker.Advance(reference);
        var measured = _tracker.MeasuredSteps;
        if (measured > _emitted && (measured % _o.Spectrum.RecordEvery == 0 || step + 1 == _run.Steps))
        {
            _emitted = measured;
            var e = _tracker.Exponents();
            var ky = LyapunovSpectrumTracker.KaplanYorke(e);
            for (var i = 0; i < e.Length; i++)
            {
                _rows.Long(measured).Int(i).Real(e[i]).Real(ky).EndRow();
            }
        }
    }

    public void Flush(IStageOutput output) => _rows.AppendTo(output);

    public void OnCompleted(RunResult result, IStageOutput output)
    {
    }
}
