using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetOrbit.Data;
using NetOrbit.Randomness;
using NetOrbit.Training;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// Measures <see cref="EnsembleTrainer"/> throughput in network-steps per second (one full-batch gradient step of one
/// network) and GFLOP/s on fixed synthetic workloads, with recording off. With T threads, T ensembles train
/// concurrently, one per thread; each ensemble is single-threaded, so results never depend on T.
/// </summary>
internal static class TrainerBenchmark
{
    /// <summary>The named workloads: Iris-shaped 4-10-3, digits-shaped 64-32-10 and 64-128-10, moons-shaped 2-64-64-64-2.</summary>
    public static IReadOnlyList<TrainerWorkload> Workloads { get; } =
    [
        new("iris-4-10-3", new MlpSpec([4, 10, 3]), 120, 6, 0.01),
        new("digits-64-32-10", new MlpSpec([64, 32, 10]), 1797, 6, 0.01),
        new("digits-64-128-10", new MlpSpec([64, 128, 10]), 1797, 6, 0.01),
        new("moons-2-64-64-64-2", new MlpSpec([2, 64, 64, 64, 2]), 2000, 6, 0.01),
    ];

    /// <summary>Runs the selected workloads at every requested thread count.</summary>
    public static TrainerBenchmarkResult Run(TrainerBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Seconds > 0) || options.Repeats < 1 || options.Members < 0 || options.Threads.Any(t => t < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Seconds must be > 0, Repeats >= 1, Members >= 0 and every thread count >= 1.");
        }

        var selected = options.Workloads.Count == 0
            ? Workloads
            : options.Workloads.Select(n => Workloads.FirstOrDefault(w => w.Name == n)
                ?? throw new ArgumentException($"Unknown workload '{n}'; known: {string.Join(", ", Workloads.Select(w => w.Name))}.", nameof(options))).ToList();
        var peak = MachinePeak.FmaGigaFlopsPerThread(Math.Min(options.Seconds, 1.0), options.Repeats);
        var results = new List<TrainerMeasurement>();
        foreach (var w0 in selected)
        {
            var w = options.Members > 0 ? w0 with { Members = options.Members } : w0;
            foreach (var threads in options.Threads)
            {
                results.Add(Measure(w, threads, options.Seconds, options.Repeats));
            }
        }

        return new TrainerBenchmarkResult
        {
            Measurements = results,
            FmaPeakGigaFlopsPerThread = peak,
            ProcessorCount = Environment.ProcessorCount,
            VectorBits = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128,
            Runtime = RuntimeInformation.FrameworkDescription,
            OperatingSystem = RuntimeInformation.OSDescription,
        };
    }

    /// <summary>A trainer for <paramref name="workload"/> on seeded synthetic data: N(0,1) initial weights (Glorot where there are more than 8 inputs, so the wide digits layers do not saturate) and copies perturbed by 1e-8.</summary>
    public static EnsembleTrainer CreateTrainer(TrainerWorkload workload, int seed)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var data = SyntheticData(workload.Spec.Inputs, workload.Spec.Outputs, workload.Samples, seed);
        var trainer = new EnsembleTrainer(workload.Spec, workload.Members, data);
        var init = workload.Spec.LayerSizes[0] > 8 ? WeightInit.Glorot : WeightInit.Normal;
        var members = ParameterInitializer.Ensemble(workload.Spec, init, seed, workload.Members, 1e-8, PerturbationTarget.Weights, seed + 1);
        for (var m = 0; m < workload.Members; m++)
        {
            trainer.SetParameters(m, members[m]);
        }

        return trainer;
    }

    private static TrainerMeasurement Measure(TrainerWorkload w, int threads, double seconds, int repeats)
    {
        var trainers = Enumerable.Range(0, threads).Select(i => CreateTrainer(w, 1000 + i)).ToArray();
        // Warm-up long enough for tiered compilation to reach the optimised kernels (a few hundred milliseconds).
        RunFor(trainers, w.Eta, Math.Max(0.5 * seconds, Math.Min(1.0, 10 * seconds)));
        var rates = new List<double>();
        var cpuRates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var (steps, elapsed, cpu) = RunFor(trainers, w.Eta, seconds);
            rates.Add(steps * w.Members / elapsed);
            cpuRates.Add(cpu > 0 ? steps * w.Members / cpu * threads : double.NaN);
        }

        var best = rates.Max();
        return new TrainerMeasurement
        {
            Workload = w.Name,
            Architecture = w.Spec.Layout.Architecture,
            Samples = w.Samples,
            Members = w.Members,
            Threads = threads,
            NetworkStepsPerSecond = best,
            Repeats = rates,
            GigaFlopsPerSecond = best * w.FlopsPerNetworkStep / 1e9,
            FlopsPerNetworkStep = w.FlopsPerNetworkStep,
            ExponentialsPerNetworkStep = w.ExponentialsPerNetworkStep,
            CpuNetworkStepsPerSecond = cpuRates.All(double.IsFinite) ? cpuRates.Max() : null,
        };
    }

    /// <summary>
    /// Every trainer steps on its own thread until the deadline; returns the total steps, the wall time and the summed
    /// CPU time of the worker threads (0 where the platform does not report per-thread CPU time).
    /// </summary>
    private static (long Steps, double Seconds, double CpuSeconds) RunFor(EnsembleTrainer[] trainers, double eta, double seconds)
    {
        var counts = new long[trainers.Length];
        var cpu = new double[trainers.Length];
        using var start = new Barrier(trainers.Length + 1);
        var stop = 0;
        var workers = new Thread[trainers.Length];
        for (var i = 0; i < trainers.Length; i++)
        {
            var k = i;
            workers[i] = new Thread(() =>
            {
                var t = trainers[k];
                start.SignalAndWait();
                var cpu0 = ThreadCpuSeconds();
                long n = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    for (var j = 0; j < 16; j++)
                    {
                        t.Step(eta);
                    }

                    n += 16;
                }

                counts[k] = n;
                cpu[k] = ThreadCpuSeconds() - cpu0;
            })
            { IsBackground = true, Name = $"trainer-bench-{k}" };
            workers[i].Start();
        }

        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref stop, 1);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        clock.Stop();
        return (counts.Sum(), clock.Elapsed.TotalSeconds, cpu.Sum());
    }

    /// <summary>CPU seconds (user + system) of the calling thread from /proc/thread-self/stat; 0 where unavailable.</summary>
    private static double ThreadCpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Seeded class-structured data of the given shape (feature scale like raw Iris or digits pixels).</summary>
    public static DataSplit SyntheticData(int features, int classes, int rows, int seed)
    {
        var rng = new SeededRandom(seed);
        var centres = new double[classes * features];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = 4 * rng.NextDouble();
        }

        var x = new double[rows * features];
        var y = new int[rows];
        for (var n = 0; n < rows; n++)
        {
            y[n] = n % classes;
            for (var f = 0; f < features; f++)
            {
                x[n * features + f] = centres[y[n] * features + f] + 0.5 * rng.NextGaussian();
            }
        }

        return new DataSplit(x, y, features, classes, Enumerable.Range(0, rows).ToArray());
    }
}
