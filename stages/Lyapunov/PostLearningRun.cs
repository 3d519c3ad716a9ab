using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's post-learning experiment for one run (<c>lyapunov/post_learning</c>): the reference
/// at t0 is kept, and when the run ends, copies perturbed on their weights are trained from it
/// beside it and their distances recorded.
/// </summary>
internal sealed class PostLearningRun(LyapunovOptions options, GradientDescentMap map, RunInfo run) : IReferenceEstimator
{
    private double[]? _start;
    private long _startStep = -1;

    public void OnReference(long step, double[] reference, double loss, bool gap)
    {
        var o = options.PostLearning;
        if (step == o.StartStep || (o.StartStep == -1 && step == run.Steps))
        {
            _start = (double[])reference.Clone();
            _startStep = step;
        }
    }

    public void Flush(IStageOutput output)
    {
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        if (_start is null)
        {
            return; // t0 was never reached (run shorter, or the reference diverged before it)
        }

        var o = options.PostLearning;
        var p = run.Layout.Count;
        var rng = new SeededRandom(SeedMixer.Mix(o.Seed, run.PerturbationSeed, 4));
        var states = new double[o.Members + 1][];
        states[0] = (double[])_start.Clone();
        for (var j = 1; j <= o.Members; j++)
        {
            var s = (double[])_start.Clone();
            foreach (var block in run.Layout.Blocks.Where(b => b.IsWeight))
            {
                for (var i = block.Offset; i < block.Offset + block.Length; i++)
                {
                    s[i] += o.Epsilon * (2 * rng.NextDouble() - 1);
                }
            }

            states[j] = s;
        }

        // Reference and copies advance together between recorded steps (the trainer's ensemble kernels).
        var flat = new double[(o.Members + 1) * p];
        for (var j = 0; j <= o.Members; j++)
        {
            states[j].CopyTo(flat, j * p);
        }

        var rows = LyapunovTables.PostLearningTable.Rows(runId: run.RunId);
        var alive = Enumerable.Repeat(true, o.Members + 1).ToArray();
        var step = 0;
        while (true)
        {
            for (var j = 0; j <= o.Members; j++)
            {
                alive[j] = alive[j] && Array.TrueForAll(states[j], double.IsFinite);
            }

            if (!alive[0])
            {
                break;
            }

            if (step % o.RecordEvery == 0 || step == o.Steps)
            {
                for (var j = 1; j <= o.Members; j++)
                {
                    if (alive[j])
                    {
                        rows.Int(j).Long(_startStep + step).Real(WeightDistance.Compute(states[j], states[0], options.Norm)).EndRow();
                    }
                }
            }

            if (rows.Count >= 65_536)
            {
                rows.AppendTo(output);
            }

            if (step == o.Steps)
            {
                break;
            }

            var next = Math.Min(o.Steps, ((step / o.RecordEvery) + 1) * o.RecordEvery);
            map.StepMany(flat, next - step);
            for (var j = 0; j <= o.Members; j++)
            {
                flat.AsSpan(j * p, p).CopyTo(states[j]);
            }

            step = next;
        }

        rows.AppendTo(output);
    }
}
