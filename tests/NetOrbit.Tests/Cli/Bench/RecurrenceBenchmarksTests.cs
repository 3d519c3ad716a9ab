using NetOrbit.Cli.Bench;
using Xunit;

namespace NetOrbit.Tests.Cli.Bench;

public sealed class RecurrenceBenchmarksTests
{
    [Fact]
    public void Run_SmallWorkloads_ReportsEveryWorkloadWithTheirMeasures()
    {
        var result = RecurrenceBenchmarks.Run(new RecurrenceBenchmarkOptions
        {
            RoesslerSamples = 958, TrajectorySnapshots = 400, TrajectoryParameters = 12, Repeats = 1, Threads = 2,
        });
        Assert.Equal(["roessler", "trajectory", "trajectory-rr"], result.Measurements.Select(m => m.Workload));
        var roessler = result.Measurements[0];
        Assert.Equal(946, roessler.States);
        Assert.Equal(1.2, roessler.Epsilon);
        Assert.InRange(roessler.RR, 0.01, 0.1);
        Assert.Equal(result.Measurements[1].RR, result.Measurements[2].RR);
        Assert.All(result.Measurements, m => Assert.True(m.BestSeconds > 0 && m.MedianSeconds >= m.BestSeconds));
    }

    [Fact]
    public void RoesslerX_IntegratedSeries_StaysOnTheAttractor()
    {
        double[] x = RecurrenceBenchmarks.RoesslerX(5000);
        Assert.InRange(x.Min(), -10, -2);
        Assert.InRange(x.Max(), 2, 10);
    }
}
