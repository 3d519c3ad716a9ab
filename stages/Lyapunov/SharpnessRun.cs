using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>Sharpness (largest Hessian eigenvalue, by Lanczos) of the reference every <c>every</c> steps and at the last step, with sharpness x eta / 2 (<c>lyapunov/sharpness</c>).</summary>
internal sealed class SharpnessRun(LyapunovOptions options, GradientDescentMap map, RunInfo run) : IReferenceEstimator
{
    private readonly RowBatchBuilder _rows = LyapunovTables.SharpnessTable.Rows(runId: run.RunId);

    public void OnReference(long step, double[] reference, double loss, bool gap)
    {
        if (step % options.Sharpness.Every != 0 && step != run.Steps)
        {
            return;
        }

        var o = options.Sharpness;
        var r = SharpnessEstimator.Estimate(
            (v, result) => map.Hessian(reference, v, result), run.Layout.Count, o.Iterations, o.Tolerance, SeedMixer.Mix(o.Seed, run.PerturbationSeed, 3));
        _rows.Long(step).Real(r.Sharpness).Real(r.Sharpness * run.Eta / 2).Real(r.MinEigenvalue).Int(r.Iterations).Bool(r.Converged).EndRow();
    }

    public void Flush(IStageOutput output) => _rows.AppendTo(output);

    public void OnCompleted(RunResult result, IStageOutput output)
    {
    }
}
