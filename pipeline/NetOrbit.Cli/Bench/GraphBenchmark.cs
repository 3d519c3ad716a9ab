using System.Diagnostics;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Graph;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// Measures the graph stage's cost per snapshot on the paper's two networks, Iris 4-10-3 (P = 83,
/// 120 training rows) and digits 64-32-10 (P = 2410, 1437 training rows), against the cost of the
/// training steps it observes. Synthetic, seeded weights and data; wall-clock Stopwatch timings,
/// best of several repeats, on the calling thread, through the stage's public contract. The
/// kernels alone (no Arrow) and statistically careful numbers are measured by the BenchmarkDotNet
/// class in tests/NetOrbit.Benchmarks/Graph (GraphStageBenchmarks.AnalyzeSnapshot).
/// </summary>
internal static class GraphBenchmark
{
    /// <summary>The measured architectures: Iris and digits.</summary>
    public static IReadOnlyList<(int[] Layers, int TrainingRows)> Networks { get; } = [([4, 10, 3], 120), ([64, 32, 10], 1437)];

    /// <summary>
    /// Runs the measurement for every network of <see cref="Networks"/> with <paramref name="options"/>
    /// (default: the stage's defaults) over <paramref name="snapshots"/> metrics snapshots per repeat
    /// (10..100,000). <paramref name="networkStepMicroseconds"/>, given the layout and the number of
    /// training rows, returns the real trainer's time per network-step (one member, one full-batch
    /// step) to compare with; without it the reference MLP's step is timed, which is several times
    /// slower than a batched trainer and so understates the overhead. <paramref name="ablationModel"/>
    /// gives the model whose <see cref="INetworkModel.AblationLosses"/> is timed (the pipeline's
    /// model); without it, the reference MLP's, which evaluates every ablated network.
    /// </summary>
    public static IReadOnlyList<GraphBenchmarkResult> Run(
        GraphOptions? options = null,
        int snapshots = 100,
        int repeats = 5,
        Func<ParameterLayout, int, double>? networkStepMicroseconds = null,
        Func<ParameterLayout, INetworkModel>? ablationModel = null)
    {
        options ??= new GraphOptions();
        GraphStageFactory.CreateStage(options); // validates
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshots, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(snapshots, 100_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        return [.. Networks.Select(n => Measure(n.Layers, n.TrainingRows, options, snapshots, repeats, networkStepMicroseconds, ablationModel))];
    }

    private static GraphBenchmarkResult Measure(int[] layers, int rows, GraphOptions options, int snapshots, int repeats, Func<ParameterLayout, int, double>? networkStepMicroseconds, Func<ParameterLayout, INetworkModel>? ablationModel)
    {
        var layout = ParameterLayout.ForLayers(layers);
        var random = new SeededRandom(20240405);
        var dataset = SyntheticDataset(layers[0], layers[^1], rows, random);
        var model = new ReferenceMlp(layout);
        var w = new double[layout.Count];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = random.NextGaussian();
        }

        // Yardstick: the caller's trainer, or a full-batch GD step (gradient + update) of the reference MLP.
        var gradient = new double[layout.Count];
        var stepsPerRepeat = Math.Max(3, 20_000 * 83 / (rows * layout.Count));
        var step = networkStepMicroseconds?.Invoke(layout, rows) ?? Best(repeats, stepsPerRepeat, () =>
        {
            model.Gradient(w, dataset.Train, gradient);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -1e-6, w, w);
        });

        // The stage as the pipeline drives it: every snapshot its interval asks for, batches of 100 steps.
        var run = new RunInfo
        {
            Index = 0,
            RunId = $"bench_{layout.Architecture}",
            Dataset = "synthetic",
            Architecture = layout.Architecture,
            Eta = 1,
            Epsilon = 0,
            InitialCondition = 0,
            InitSeed = 0,
            PerturbationSeed = 0,
            Members = 1,
            Steps = snapshots * options.Every,
            Layout = layout,
        };
        var batches = Trajectory(run, w, options.SnapshotInterval, random);
        var stage = GraphStageFactory.CreateStage(options);
        var context = new RunContext(dataset, model, Path.GetTempPath());
        var output = new DiscardingOutput();
        var stageTime = double.MaxValue;
        for (var r = 0; r < repeats + 1; r++)
        {
            var stageRun = stage.Start(StageContext.ForDirectory(Path.GetTempPath())).StartRun(run, context);
            var watch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                stageRun.OnSnapshots(batch, output);
            }

            watch.Stop();
            if (r > 0)
            {
                stageTime = Math.Min(stageTime, watch.Elapsed.TotalMicroseconds);
            }
        }

        var ablation = double.NaN;
        if (options.Ablation != GraphMemberSelection.None)
        {
            var layer = Math.Min(options.AblationLayer, layout.LayerCount - 1);
            var losses = new double[layout.Weights(layer).Length];
            var ablating = ablationModel?.Invoke(layout) ?? model;
            ablation = Best(1, 1, () => ablating.AblationLosses(w, dataset.Train, layer, losses)) / 1000;
        }

        return new GraphBenchmarkResult(
            layout.Architecture,
            layout.Count,
            rows,
            options.Every,
            options.PathInterval,
            stageTime / (snapshots + 1),
            step,
            networkStepMicroseconds is null ? "reference-mlp" : "caller",
            ablation,
            ablationModel is null ? "reference-mlp" : "caller");
    }

    /// <summary>Best (smallest) mean time in microseconds of <paramref name="iterations"/> calls, over repeats after one warm-up.</summary>
    private static double Best(int repeats, int iterations, Action action)
    {
        var best = double.MaxValue;
        for (var r = 0; r < repeats + 1; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                action();
            }

            watch.Stop();
            if (r > 0 || repeats == 0)
            {
                best = Math.Min(best, watch.Elapsed.TotalMicroseconds / iterations);
            }
        }

        return best;
    }

    private static List<SnapshotBatch> Trajectory(RunInfo run, double[] w0, int interval, SeededRandom random)
    {
        var p = run.Layout.Count;
        var schema = TrajectoryTable.CreateSchema(run.Layout);
        var batches = new List<SnapshotBatch>();
        var w = (double[])w0.Clone();
        const int stepsPerBatch = 100;
        for (var from = 0; from <= run.Steps; from += stepsPerBatch)
        {
            var builder = new TrajectoryBatchBuilder(run, schema);
            for (var t = from; t < Math.Min(from + stepsPerBatch, run.Steps + 1); t++)
            {
                for (var i = 0; i < p; i++)
                {
                    w[i] += 1e-3 * random.NextGaussian();
                }

                if (t % interval == 0)
                {
                    builder.Append(0, t, 1, 0.5, w, null, null);
                }
            }

            batches.Add(new SnapshotBatch(run, builder.Build()));
        }

        return batches;
    }

    private static Dataset SyntheticDataset(int features, int classes, int trainRows, SeededRandom random)
    {
        var rows = trainRows + trainRows / 4;
        var x = new double[rows * features];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextGaussian();
        }

        var labels = Enumerable.Range(0, rows).Select(r => r % classes).ToArray();
        var isTest = Enumerable.Range(0, rows).Select(r => r >= trainRows).ToArray();
        return new Dataset(
            "synthetic",
            [.. Enumerable.Range(0, features).Select(f => $"x{f}")],
            [.. Enumerable.Range(0, classes).Select(c => $"c{c}")],
            x,
            labels,
            isTest);
    }

    private sealed class DiscardingOutput : IStageOutput
    {
        public void Append(string table, RecordBatch batch) => batch.Dispose();
    }
}
