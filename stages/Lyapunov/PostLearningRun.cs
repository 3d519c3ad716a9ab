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

        var next = new double[p];
        var rows = LyapunovTables.PostLearningTable.Rows(runId: run.RunId);
        var alive = Enumerable.Repeat(true, o.Members + 1).ToArray();
        for (var s = 0; s <= o.Steps; s++)
        {
            if (s > 0)
            {
                for (var j = 0; j <= o.Members; j++)
                {
                    if (!alive[j])
                    {
                        continue;
                    }

                    map.Step(states[j], next);
                    next.CopyTo(states[j], 0);
                    alive[j] = Array.TrueForAll(states[j], double.IsFinite);
                }
            }

            if (!alive[0])
            {
                break;
            }

            if (s % o.RecordEvery == 0 || s == o.Steps)
            {
                for (var j = 1; j <= o.Members; j++)
                {
                    if (alive[j])
                    {
                        rows.Int(j).Long(_startStep + s).Real(WeightDistance.Compute(states[j], states[0], options.Norm)).EndRow();
                    }
                }
            }

            if (rows.Count >= 65_536 || s == o.Steps)
            {
                rows.AppendTo(output);
            }
        }

        rows.AppendTo(output);
    }
}
