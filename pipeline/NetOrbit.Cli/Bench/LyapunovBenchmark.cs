using System.Diagnostics;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Lyapunov;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// Wall-clock throughput of the Lyapunov estimators on one thread: the QR spectrum (k = 1, 10, P),
/// QR alone (identity Jacobian), Lanczos sharpness, the model's gradient and HVP, the in-stream
/// distances through the stage, and the paper's window fit. Figures for reports; speed claims in
/// the repository come from the BenchmarkDotNet classes in tests/NetOrbit.Benchmarks/Lyapunov.
/// </summary>
internal static class LyapunovBenchmark
{
    /// <summary>Runs every measurement of <paramref name="options"/>.</summary>
    public static IReadOnlyList<LyapunovMeasurement> Run(LyapunovBenchmarkOptions? options = null)
    {
        options ??= new LyapunovBenchmarkOptions();
        if (!(options.Seconds > 0) || options.Members < 2 || options.CurveLength < 1 || (options.Model is not null && options.Split is null))
        {
            throw new ArgumentException("Seconds must be > 0, Members >= 2, CurveLength >= 1, and a Model needs its Split.", nameof(options));
        }

        var model = options.Model ?? new DenseQuadraticModel(ParameterLayout.ForLayers([4, 10, 3]), 1);
        var split = options.Split ?? new DataSplit([], [], 1, 1, []);
        var p = model.Layout.Count;
        var map = new GradientDescentMap(model, split, options.Eta);
        var rng = new SeededRandom(3);
        var w = Enumerable.Range(0, p).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, p).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var o = new double[p];
        var results = new List<LyapunovMeasurement>
        {
            Time($"gradient (P={p})", "gradient", options.Seconds, () => model.Gradient(w, split, o)),
            Time($"hvp (P={p})", "HVP", options.Seconds, () => model.HessianVectorProduct(w, v, split, o)),
        };

        foreach (var k0 in options.SpectrumCounts)
        {
            var k = Math.Clamp(k0, 1, p);
            var tracker = new LyapunovSpectrumTracker(map, k);
            results.Add(Time($"spectrum k={k} (QR every step)", "GD step", options.Seconds, () => tracker.Advance(w)));
            var qrOnly = new LyapunovSpectrumTracker(new IdentityMap(p), k);
            results.Add(Time($"qr only k={k}", "GD step", options.Seconds, () => qrOnly.Advance(w)));
        }

        results.Add(Time("sharpness (Lanczos, 30 iterations)", "evaluation", options.Seconds,
            () => SharpnessEstimator.Estimate((x, y) => model.HessianVectorProduct(w, x, split, y), p, 30, 1e-30)));

        var curve = Enumerable.Range(0, options.CurveLength).Select(t => 1e-8 * Math.Exp(0.3 * Math.Min(t, 60) + 0.01 * Math.Sin(t))).ToArray();
        results.Add(Time($"window fit (paper grid, T={options.CurveLength})", "run", options.Seconds, () => WindowFitEstimator.Fit(curve)));
        results.Add(InStreamDistances(model, options));
        return results;
    }

    private static LyapunovMeasurement InStreamDistances(INetworkModel model, LyapunovBenchmarkOptions options)
    {
        // What the pipeline adds per ensemble step when the stage is on: the trainer's distance
        // computation (MemberDistanceBuilder on its buffers) and the stage consuming 64-step
        // distance batches (m(t) sums and the Arrow distance rows at record_every 1).
        const int stepsPerBatch = 64;
        var layout = model.Layout;
        var p = layout.Count;
        var members = options.Members;
        var run = new RunInfo
        {
            Index = 0, RunId = "bench", Dataset = "bench", Architecture = layout.Architecture, Eta = options.Eta, Epsilon = 1e-8,
            InitialCondition = 0, InitSeed = 0, PerturbationSeed = 0, Members = members, Steps = 1_100_000, Layout = layout,
        };
        var stage = LyapunovStageFactory.CreateStage(new LyapunovOptions());
        var experiment = stage.Start(StageContext.ForDirectory("."));
        var output = new DiscardingOutput();
        var dataset = new Dataset("bench", ["x"], ["a"], [0.0], [0], [false]);
        var stageRun = experiment.StartRun(run, new RunContext(dataset, model, "."));
        var rng = new SeededRandom(5);
        var weights = Enumerable.Range(0, members).Select(_ => Enumerable.Range(0, p).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var builder = new MemberDistanceBuilder(run, stepsPerBatch);
        long step = 0;
        var total = 0L;
        var clock = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();
        while (clock.Elapsed.TotalSeconds < options.Seconds)
        {
            builder.AddStep(step);
            for (var m = 1; m < members; m++)
            {
                builder.Set(m, weights[0], weights[m]);
            }

            step++;
            total++;
            if (builder.Length == stepsPerBatch)
            {
                stageRun.OnMemberDistances(builder.Build(), output);
            }

            if (step > 1_000_000)
            {
                stageRun = experiment.StartRun(run, new RunContext(dataset, model, "."));
                step = 0;
            }
        }

        var seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        var perSecond = total / seconds;
        return new LyapunovMeasurement($"in-stream distances ({members} members, P={p})", "ensemble step", perSecond, 1e6 / perSecond);
    }

    private static LyapunovMeasurement Time(string name, string unit, double seconds, Action action)
    {
        for (var i = 0; i < 3; i++)
        {
            action(); // warm-up (JIT tiers)
        }

        var clock = Stopwatch.StartNew();
        long count = 0;
        var batch = 1;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < batch; i++)
            {
                action();
            }

            count += batch;
            batch = Math.Min(batch * 2, 4096);
        }

        var perSecond = count / clock.Elapsed.TotalSeconds;
        return new LyapunovMeasurement(name, unit, perSecond, 1e6 / perSecond);
    }

    private sealed class IdentityMap(int dimension) : IDiscreteMap
    {
        public int Dimension => dimension;

        public void Step(ReadOnlySpan<double> x, Span<double> next) => x.CopyTo(next);

        public void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result) => v.CopyTo(result);
    }

    private sealed class DiscardingOutput : IStageOutput
    {
        public void Append(string table, RecordBatch batch) => batch.Dispose();
    }
}
