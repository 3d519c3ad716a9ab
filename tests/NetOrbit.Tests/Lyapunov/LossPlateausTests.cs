using NetOrbit.Lyapunov;

namespace NetOrbit.Tests.Lyapunov;

/// <summary><see cref="LossPlateaus"/> on series whose plateaus are known by construction.</summary>
public sealed class LossPlateausTests
{
    [Fact]
    public void Find_OnePeriodThreeStretch_FoundWithItsExactExtent()
    {
        // Noise (a logistic-map orbit in [1, 2]), then 3 values repeated for 300 steps (4, 9, 15), then noise.
        var series = new List<double>();
        var x = 0.3;
        for (var i = 0; i < 500; i++)
        {
            x = 3.99 * x * (1 - x);
            series.Add(1 + x);
        }

        for (var i = 0; i < 300; i++)
        {
            series.Add(new[] { 4.0, 9.0, 15.0 }[i % 3]);
        }

        for (var i = 0; i < 500; i++)
        {
            x = 3.99 * x * (1 - x);
            series.Add(1 + x);
        }

        var r = LossPlateaus.Find(series.ToArray(), 3, 1e-3, 30);
        Assert.Equal(1, r.Segments);
        Assert.Equal(300, r.Steps);
        Assert.Equal(300, r.Longest);
        Assert.Equal(300.0 / 1300, r.Fraction, 1e-15);
        Assert.Equal(9.0, r.MedianLoss);
    }

    [Fact]
    public void Find_FixedPointAndPeriodTwo_AreNotPeriodThreePlateaus()
    {
        var constant = Enumerable.Repeat(Math.Log(3), 1000).ToArray();
        var periodTwo = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 2.0 : 5.0).ToArray();
        Assert.Equal(0, LossPlateaus.Find(constant, 3, 1e-3, 30).Segments);
        Assert.Equal(0, LossPlateaus.Find(periodTwo, 3, 1e-3, 30).Segments);
        Assert.True(double.IsNaN(LossPlateaus.Find(constant, 3, 1e-3, 30).MedianLoss));
        // Period 2 is found when asked for.
        Assert.Equal(1000, LossPlateaus.Find(periodTwo, 2, 1e-3, 30).Steps);
    }

    [Fact]
    public void Find_ShortStretchesAndToleranceAndNaN_Respected()
    {
        // Two period-3 stretches of 20 and 60 steps separated by a NaN; a slowly drifting orbit within the tolerance.
        var series = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            series.Add(new[] { 4.0, 6.0, 8.0 }[i % 3]);
        }

        series.Add(double.NaN);
        for (var i = 0; i < 60; i++)
        {
            series.Add(new[] { 4.0, 6.0, 8.0 }[i % 3] * (1 + (1e-5 * i)));
        }

        var r = LossPlateaus.Find(series.ToArray(), 3, 1e-3, 30);
        Assert.Equal(1, r.Segments);
        Assert.Equal(60, r.Steps);
        // With a tolerance below the drift per period (3e-5), nothing is periodic.
        Assert.Equal(0, LossPlateaus.Find(series.ToArray(), 3, 1e-6, 30).Segments);
        // Counting the 20-step one too.
        Assert.Equal(2, LossPlateaus.Find(series.ToArray(), 3, 1e-3, 10).Segments);
    }
}
