using System.Diagnostics;
using System.Runtime.InteropServices;
using NetOrbit.Randomness;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// The speed benchmark behind <c>netorbit bench rqa</c>: (1) Marwan's RP speed test, Roessler x,
/// m = 3, delay 6, Euclidean, eps = 1.2, Theiler 1, lmin 2, first 100,237 samples, every measure;
/// (2) a 10,000-snapshot trajectory of 83 parameters with the L1 norm, at a fixed eps and with eps
/// resolved at a 5 % recurrence rate (the stage's default). Timed through the public
/// <see cref="RecurrenceQuantifier.Compute"/>, so every repeat includes copying the states into the
/// sweep's layout (O(N d), far below the O(N^2) sweep).
/// </summary>
internal static class RecurrenceBenchmarks
{
    /// <summary>Published times for the Roessler workload at N = 100,237 (issue 5).</summary>
    public static IReadOnlyDictionary<string, double> PublishedRoesslerSeconds { get; } = new Dictionary<string, double>
    {
        ["RecurrenceAnalysis.jl, 1 core"] = 23.8,
        ["RecurrenceAnalysis.jl, 64 cores (AMD EPYC 9554)"] = 10.3,
        ["C++ OpenMP tool"] = 9.3,
        ["sampling approximation"] = 3.0,
    };

    /// <summary>Runs both workloads; throws <see cref="ArgumentException"/> for invalid options or an unreadable series.</summary>
    public static RecurrenceBenchmarkResult Run(RecurrenceBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Repeats < 1 || options.RoesslerSamples < 13 || options.TrajectorySnapshots < 2 || options.TrajectoryParameters < 1
            || options.Threads == 0 || options.Threads < -1)
        {
            throw new ArgumentException("bench rqa: repeats >= 1, Roessler samples >= 13, snapshots >= 2, parameters >= 1, threads >= 1 or -1.");
        }

        int threads = options.Threads == -1 ? Environment.ProcessorCount : options.Threads;
        var measurements = new List<RecurrenceBenchmarkMeasurement>();

        double[] x = options.RoesslerSeriesPath is { } path ? ReadSeries(path, options.RoesslerSamples) : RoesslerX(options.RoesslerSamples);
        var roessler = DelayEmbedding.Embed(x, 3, 6);
        var roesslerOptions = new RqaOptions { Threshold = RecurrenceThreshold.Fixed(1.2), MaxDegreeOfParallelism = threads };
        measurements.Add(Measure(
            "roessler",
            $"Roessler x ({(options.RoesslerSeriesPath is null ? "integrated here" : "published series")}), first {x.Length} samples, m 3, delay 6, euclidean, eps 1.2, theiler 1, lmin 2: RP and all measures",
            roessler.Length / 3,
            3,
            options.Repeats,
            2.0,
            PublishedRoesslerSeconds,
            () => RecurrenceQuantifier.Compute(roessler, 3, roesslerOptions)));

        int p = options.TrajectoryParameters;
        double[] w = options.TrajectoryWeights ?? NoisyDescent(options.TrajectorySnapshots, p, seed: 42);
        if (w.Length % p != 0)
        {
            throw new ArgumentException($"bench rqa: the trajectory holds {w.Length} values, not whole snapshots of {p} parameters.");
        }

        int snapshots = w.Length / p;
        var rateOptions = new RqaOptions { Metric = DistanceMetric.Manhattan, Threshold = RecurrenceThreshold.RecurrenceRate(0.05), MaxDegreeOfParallelism = threads };
        double eps = RecurrenceQuantifier.ResolveThreshold(w, p, rateOptions);
        var fixedOptions = rateOptions with { Threshold = RecurrenceThreshold.Fixed(eps) };
        string source = options.TrajectoryWeights is null ? "noisy gradient descent on a quadratic (seed 42)" : "given trajectory";
        measurements.Add(Measure(
            "trajectory",
            $"{snapshots} snapshots x {p} parameters ({source}), manhattan, fixed eps (5 % RR), theiler 1: RP and all measures",
            snapshots,
            p,
            options.Repeats,
            0.5,
            new Dictionary<string, double>(),
            () => RecurrenceQuantifier.Compute(w, p, fixedOptions)));
        measurements.Add(Measure(
            "trajectory-rr",
            $"as 'trajectory', eps resolved by exact selection of the 5 % quantile of all distances (the stage default), then RP and all measures",
            snapshots,
            p,
            options.Repeats,
            0.5,
            new Dictionary<string, double>(),
            () => RecurrenceQuantifier.Compute(w, p, rateOptions)));
        return new RecurrenceBenchmarkResult(Environment.ProcessorCount, threads, RuntimeInformation.FrameworkDescription, measurements);
    }

    private static RecurrenceBenchmarkMeasurement Measure(
        string name, string description, int states, int dimension, int repeats, double target, IReadOnlyDictionary<string, double> published, Func<RqaResult> work)
    {
        var result = work();
        var seconds = new double[repeats];
        var cpu = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = work();
            seconds[i] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }

        int best = Array.IndexOf(seconds, seconds.Min());
        double bestCpu = cpu[best];
        Array.Sort(seconds);
        return new RecurrenceBenchmarkMeasurement(
            name, description, states, dimension, seconds[0], seconds[repeats / 2], bestCpu, target, published, result.Epsilon, result.RR, result.DET, result.LAM);
    }

    private static double[] ReadSeries(string path, int count)
    {
        var series = SeriesFile.Read(path, new SeriesSelection());
        if (series.Components != 1)
        {
            throw new InputFileException(path, $"{series.Components} columns ({series.Column}); the Roessler benchmark reads one");
        }

        return series.Length >= count ? series.Values[..count] : throw new InputFileException(path, $"{series.Length} samples, {count} needed");
    }

    /// <summary>x of the Roessler system (a = b = 0.25, c = 4) by RK4 with dt = 0.05 from (1, 1, 1), 1000 transient samples dropped.</summary>
    internal static double[] RoesslerX(int count)
    {
        const double a = 0.25, b = 0.25, c = 4, dt = 0.05;
        double x = 1, y = 1, z = 1;
        var result = new double[count];
        for (int i = -1000; i < count; i++)
        {
            if (i >= 0)
            {
                result[i] = x;
            }

            (double, double, double) F(double u, double v, double s) => (-v - s, u + a * v, b + s * (u - c));
            var k1 = F(x, y, z);
            var k2 = F(x + dt / 2 * k1.Item1, y + dt / 2 * k1.Item2, z + dt / 2 * k1.Item3);
            var k3 = F(x + dt / 2 * k2.Item1, y + dt / 2 * k2.Item2, z + dt / 2 * k2.Item3);
            var k4 = F(x + dt * k3.Item1, y + dt * k3.Item2, z + dt * k3.Item3);
            x += dt / 6 * (k1.Item1 + 2 * k2.Item1 + 2 * k3.Item1 + k4.Item1);
            y += dt / 6 * (k1.Item2 + 2 * k2.Item2 + 2 * k3.Item2 + k4.Item2);
            z += dt / 6 * (k1.Item3 + 2 * k2.Item3 + 2 * k3.Item3 + k4.Item3);
        }

        return result;
    }

    /// <summary>
    /// w(t+1) = w(t) - eta * h .* w(t) + sigma * noise: relaxation along 83 log-spaced curvatures
    /// (1e-3 .. 1, eta 0.5) plus seeded uniform noise (sigma 1e-3), a stand-in for SGD weights.
    /// </summary>
    internal static double[] NoisyDescent(int snapshots, int parameters, long seed)
    {
        var rng = new SeededRandom(seed);
        var h = new double[parameters];
        var w = new double[snapshots * parameters];
        for (int k = 0; k < parameters; k++)
        {
            h[k] = Math.Pow(10, -3 + 3.0 * k / Math.Max(1, parameters - 1));
            w[k] = rng.NextDouble() * 2 - 1;
        }

        for (int t = 1; t < snapshots; t++)
        {
            for (int k = 0; k < parameters; k++)
            {
                double prev = w[(t - 1) * parameters + k];
                w[t * parameters + k] = prev - 0.5 * h[k] * prev + 1e-3 * (rng.NextDouble() * 2 - 1);
            }
        }

        return w;
    }
}
