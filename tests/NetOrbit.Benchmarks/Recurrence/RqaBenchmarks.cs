using BenchmarkDotNet.Attributes;
using NetOrbit.Cli.Bench;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Benchmarks.Recurrence;

/// <summary>
/// The two RQA workloads of issue 5: Marwan's RP speed test (Roessler x, N = 100,237, m 3, delay 6,
/// eps 1.2, every measure) and a 10,000-snapshot trajectory of 83 parameters with the L1 norm.
/// Run: <c>dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter *RqaBenchmarks*</c>.
/// The Roessler series is the published file kept in the repository, samples/data/roessler_x.csv.gz
/// (found by walking up from the working directory to the folder holding Pipeline.sln).
/// </summary>
[MemoryDiagnoser]
public class RqaBenchmarks
{
    private double[] _roessler = [];
    private double[] _trajectory = [];
    private double _trajectoryEps;

    [Params(-1, 1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        double[] x = SeriesFile.Read(RoesslerPath(), new SeriesSelection { First = 100_237 }).Values;
        _roessler = DelayEmbedding.Embed(x, 3, 6);
        _trajectory = RecurrenceBenchmarks.NoisyDescent(10_000, 83, 42);
        _trajectoryEps = RecurrenceQuantifier.ResolveThreshold(_trajectory, 83, TrajectoryOptions(RecurrenceThreshold.RecurrenceRate(0.05)));
    }

    [Benchmark(Description = "Roessler N=100,237, euclidean, eps 1.2, all measures")]
    public double Roessler() =>
        RecurrenceQuantifier.Compute(_roessler, 3, new RqaOptions { Threshold = RecurrenceThreshold.Fixed(1.2), MaxDegreeOfParallelism = Threads }).DET;

    [Benchmark(Description = "10,000 x 83 trajectory, L1, fixed eps (5 % RR)")]
    public double Trajectory() => RecurrenceQuantifier.Compute(_trajectory, 83, TrajectoryOptions(RecurrenceThreshold.Fixed(_trajectoryEps))).DET;

    [Benchmark(Description = "10,000 x 83 trajectory, L1, eps at 5 % RR resolved exactly")]
    public double TrajectoryWithRate() => RecurrenceQuantifier.Compute(_trajectory, 83, TrajectoryOptions(RecurrenceThreshold.RecurrenceRate(0.05))).DET;

    private RqaOptions TrajectoryOptions(RecurrenceThreshold threshold) =>
        new() { Metric = DistanceMetric.Manhattan, Threshold = threshold, MaxDegreeOfParallelism = Threads };

    private static string RoesslerPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "data", "roessler_x.csv.gz");
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository: no Pipeline.sln above " + Directory.GetCurrentDirectory());
    }
}
