using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class SplitAndStandardizeTests
{
    [Theory]
    [InlineData(150, 0.2, 30)]
    [InlineData(10, 0.25, 3)] // 2.5 rounds away from zero
    [InlineData(10, 0, 0)]
    [InlineData(3, 0.9, 2)] // never every row
    public void ShuffleSplit_TestCount_IsFractionRoundedToNearest(int rows, double fraction, int expected)
    {
        var isTest = DatasetPreparation.ShuffleSplit(rows, fraction, 0);

        Assert.Equal(expected, isTest.Count(t => t));
    }

    [Fact]
    public void ShuffleSplit_Seed_DecidesTheRows()
    {
        var a = DatasetPreparation.ShuffleSplit(150, 0.2, 1);
        var b = DatasetPreparation.ShuffleSplit(150, 0.2, 1);
        var c = DatasetPreparation.ShuffleSplit(150, 0.2, 2);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Standardize_UsesTrainingStatisticsOnly()
    {
        var raw = DatasetTestKit.Load("""{"name":"i","source":"iris","split_seed":3}""");
        var z = DatasetTestKit.Load("""{"name":"i","source":"iris","split_seed":3,"standardize":true}""");

        Assert.Equal(raw.IsTest, z.IsTest);
        for (var f = 0; f < 4; f++)
        {
            var train = Column(z.Train.Features, f);
            Assert.Equal(0, train.Average(), 12);
            Assert.Equal(1, Math.Sqrt(train.Select(v => v * v).Average()), 12);

            // Test rows use the training mean and std, not their own.
            var rawTrain = Column(raw.Train.Features, f);
            var mean = rawTrain.Average();
            var std = Math.Sqrt(rawTrain.Select(v => (v - mean) * (v - mean)).Average());
            var rawTest = Column(raw.Test.Features, f);
            var zTest = Column(z.Test.Features, f);
            for (var i = 0; i < rawTest.Length; i++)
            {
                Assert.Equal((rawTest[i] - mean) / std, zTest[i], 12);
            }
        }
    }

    [Fact]
    public void Standardize_ConstantColumn_IsOnlyCentred()
    {
        double[] x = [5, 1, 5, 2, 5, 3];
        DatasetPreparation.Standardize(x, 2, [false, false, true]);

        Assert.Equal([0, -1, 0, 1, 0, 3], x);
    }

    private static double[] Column(double[] rowMajor, int f) =>
        Enumerable.Range(0, rowMajor.Length / 4).Select(r => rowMajor[r * 4 + f]).ToArray();
}
