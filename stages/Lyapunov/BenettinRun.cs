using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>Benettin's renormalised twin of the reference for one run (<c>lyapunov/benettin</c>); starts at step 0 and stops at the first gap.</summary>
internal sealed class BenettinRun(LyapunovOptions options, GradientDescentMap map, RunInfo run) : IReferenceEstimator
{
    private readonly RowBatchBuilder _rows = LyapunovTables.BenettinTable.Rows(runId: run.RunId);
    private BenettinTracker? _tracker;

    public void OnReference(long step, double[] reference, double loss, bool gap)
    {
        if (gap)
        {
            return;
        }

        if (step == 0)
        {
            var direction = BenettinEstimator.RandomDirection(run.Layout.Count, SeedMixer.Mix(options.Benettin.Seed, run.PerturbationSeed, 1));
            _tracker = new BenettinTracker(map, reference, direction, options.Benettin.D0, options.Benettin.RenormalizeEvery, options.Norm);
        }
        else if (_tracker?.Advance(reference) is { } point)
        {
            _rows.Long(point.Step).Real(point.Stretch).Real(point.Estimate).EndRow();
        }
    }

    public void Flush(IStageOutput output) => _rows.AppendTo(output);

    public void OnCompleted(RunResult result, IStageOutput output)
    {
    }
}
