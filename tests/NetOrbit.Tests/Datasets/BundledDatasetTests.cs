using System.Text;
using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class BundledDatasetTests
{
    // The 30 test rows of the reference split (reference/iris_split.csv), which the trainer's
    // reference trajectories use.
    private static readonly int[] ReferenceTestRows = [7, 12, 14, 29, 31, 32, 33, 46, 56, 58, 59, 61, 69, 73, 76, 77, 78, 79, 89, 95, 104, 113, 115, 120, 121, 127, 138, 141, 143, 149];

    [Fact]
    public void Iris_Load_Has150RowsOf4RawFeaturesAnd3BalancedClasses()
    {
        var d = DatasetTestKit.Load("""{"name":"iris","source":"iris"}""");

        Assert.Equal(150, d.Rows);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], d.FeatureNames);
        Assert.Equal(["setosa", "versicolor", "virginica"], d.ClassNames);
        Assert.Equal([50, 50, 50], DatasetTestKit.ClassCounts(d));
        Assert.Equal([5.1, 3.5, 1.4, 0.2], d.Features[..4]);
        Assert.Equal(0, d.Labels[0]);
        Assert.Equal(2, d.Labels[149]);
        Assert.Equal(120, d.Train.Count);
        Assert.Equal(30, d.Test.Count);
    }

    [Fact]
    public void Iris_ReferenceSplitFile_Reproduces120TrainAnd30TestRows()
    {
        using var dir = new ScratchDirectory();
        var csv = new StringBuilder("row,split\n");
        for (var r = 0; r < 150; r++)
        {
            csv.Append(r).Append(',').Append(ReferenceTestRows.Contains(r) ? "test" : "train").Append('\n');
        }

        dir.File("iris_split.csv", csv.ToString());
        var d = DatasetTestKit.Load("""{"name":"iris","source":"iris","split_file":"iris_split.csv"}""", dir.Path);

        Assert.Equal(120, d.Train.Count);
        Assert.Equal(30, d.Test.Count);
        Assert.Equal(ReferenceTestRows, d.Test.SourceRows);
        Assert.Equal(d.Features.AsSpan(7 * 4, 4).ToArray(), d.Test.Features[..4]);
    }

    [Fact]
    public void Digits_Load_Has1797RowsOf64PixelsAnd10Classes()
    {
        var d = DatasetTestKit.Load("""{"name":"digits","source":"digits"}""");

        Assert.Equal(1797, d.Rows);
        Assert.Equal(64, d.FeatureCount);
        Assert.Equal("p0", d.FeatureNames[0]);
        Assert.Equal("p63", d.FeatureNames[63]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), d.ClassNames);
        Assert.All(DatasetTestKit.ClassCounts(d), c => Assert.InRange(c, 170, 190));
        Assert.All(d.Features, v => Assert.InRange(v, 0, 16));
        Assert.Equal(0, d.Labels[0]);
        Assert.Equal(359, d.Test.Count); // round(0.2 x 1797) = 359.4 -> 359
    }

    [Fact]
    public void Load_SameRecipeTwice_GivesIdenticalArrays()
    {
        var recipe = DatasetCatalog.FromJson("""{"name":"d","source":"digits","split_seed":7,"standardize":true}""");
        var a = recipe.Load();
        var b = recipe.Load();

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.IsTest, b.IsTest);
    }
}
