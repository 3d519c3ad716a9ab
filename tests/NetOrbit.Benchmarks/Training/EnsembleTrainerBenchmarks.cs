using BenchmarkDotNet.Attributes;
using NetOrbit.Cli.Bench;
using NetOrbit.Training;

namespace NetOrbit.Benchmarks.Training;

/// <summary>
/// EnsembleTrainer throughput per network-step (one full-batch gradient step of one network) on the
/// <see cref="TrainerBenchmark.Workloads"/>: one ensemble on one thread, and one ensemble per thread on two threads.
/// Run: <c>dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter *EnsembleTrainer*</c>.
/// </summary>
[MemoryDiagnoser]
public class EnsembleTrainerBenchmarks
{
    private const int StepsPerThread = 200;
    private TrainerWorkload _workload = null!;
    private EnsembleTrainer _trainer = null!;
    private EnsembleTrainer[] _pair = null!;

    /// <summary>Workload names.</summary>
    public static IEnumerable<string> Workloads => TrainerBenchmark.Workloads.Select(w => w.Name);

    /// <summary>The workload measured.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "iris-4-10-3";

    [GlobalSetup]
    public void Setup()
    {
        _workload = TrainerBenchmark.Workloads.Single(w => w.Name == Workload);
        _trainer = TrainerBenchmark.CreateTrainer(_workload, 1);
        _pair = [TrainerBenchmark.CreateTrainer(_workload, 2), TrainerBenchmark.CreateTrainer(_workload, 3)];
    }

    /// <summary>One lock-step of a 6-member ensemble; reported per network-step.</summary>
    [Benchmark(OperationsPerInvoke = 6)]
    public void OneThread() => _trainer.Step(_workload.Eta);

    /// <summary>Two ensembles on two threads, 200 steps each; reported per network-step (of both threads together).</summary>
    [Benchmark(OperationsPerInvoke = 2 * 6 * StepsPerThread)]
    public void TwoThreads()
    {
        var eta = _workload.Eta;
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var t = _pair[i];
            for (var s = 0; s < StepsPerThread; s++)
            {
                t.Step(eta);
            }
        });
    }
}
