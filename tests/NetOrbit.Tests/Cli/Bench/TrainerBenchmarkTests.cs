using NetOrbit.Cli.Bench;
using Xunit;

namespace NetOrbit.Tests.Cli.Bench;

public sealed class TrainerBenchmarkTests
{
    [Fact]
    public void Workloads_FlopAndExponentialCounts_MatchTheStatedFormula()
    {
        var iris = TrainerBenchmark.Workloads.Single(w => w.Name == "iris-4-10-3");
        Assert.Equal(40_800, iris.FlopsPerNetworkStep);
        Assert.Equal(1_560, iris.ExponentialsPerNetworkStep);
        Assert.Equal(6, iris.Members);
        var digits = TrainerBenchmark.Workloads.Single(w => w.Name == "digits-64-32-10");
        Assert.Equal(2.0 * 1797 * (2 * (64 * 32 + 32 * 10) + 32 * 10), digits.FlopsPerNetworkStep);
    }

    [Fact]
    public void Run_ShortMeasurement_ReportsEveryThreadCount()
    {
        var result = TrainerBenchmark.Run(new TrainerBenchmarkOptions { Workloads = ["iris-4-10-3"], Threads = [1, 2], Seconds = 0.05, Repeats = 1 });
        Assert.Equal([1, 2], result.Measurements.Select(m => m.Threads));
        Assert.True(result.FmaPeakGigaFlopsPerThread > result.Measurements[0].GigaFlopsPerSecond, "the trainer's matrix products cannot beat the machine's FMA ceiling");
        Assert.All(result.Measurements, m =>
        {
            Assert.True(m.NetworkStepsPerSecond > 0);
            Assert.Equal(m.NetworkStepsPerSecond * m.FlopsPerNetworkStep / 1e9, m.GigaFlopsPerSecond, 1e-9);
        });
    }

    [Fact]
    public void Run_UnknownWorkload_NamesTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainerBenchmark.Run(new TrainerBenchmarkOptions { Workloads = ["mnist"] }));
        Assert.Contains("iris-4-10-3", e.Message);
    }

    [Fact]
    public void CreateTrainer_SameSeed_IdenticalTrajectories()
    {
        var w = TrainerBenchmark.Workloads[0];
        var a = TrainerBenchmark.CreateTrainer(w, 5);
        var b = TrainerBenchmark.CreateTrainer(w, 5);
        for (var s = 0; s < 10; s++)
        {
            a.Step(w.Eta);
            b.Step(w.Eta);
        }

        Assert.Equal(a.Parameters(5).ToArray(), b.Parameters(5).ToArray());
        Assert.Equal(a.Losses.ToArray(), b.Losses.ToArray());
    }
}
