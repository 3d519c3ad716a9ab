using System.IO.Compression;
using System.Text;
using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class CsvSourceTests
{
    private static InputFileException LoadFails(string csv, string extraOptions = "")
    {
        using var dir = new ScratchDirectory();
        dir.File("data.csv", csv);
        var recipe = DatasetCatalog.FromJson($$"""{"name":"c","source":"csv","path":"data.csv"{{extraOptions}}}""", dir.Path);
        var e = Assert.Throws<InputFileException>(recipe.Load);
        Assert.Equal(Path.Combine(dir.Path, "data.csv"), e.File);
        Assert.StartsWith(e.File, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Load_NamedColumns_ReadsFeaturesAndClassesInFirstAppearanceOrder()
    {
        using var dir = new ScratchDirectory();
        dir.File("data.csv", "a,kind,b\n1.5,cat,-2\n2,dog,1e-3\n\n3,cat,\"4\"\n");
        var d = DatasetTestKit.Load("""{"name":"c","source":"csv","path":"data.csv","label":"kind","test_fraction":0}""", dir.Path);

        Assert.Equal(["a", "b"], d.FeatureNames);
        Assert.Equal(["cat", "dog"], d.ClassNames);
        Assert.Equal([1.5, -2, 2, 1e-3, 3, 4], d.Features);
        Assert.Equal([0, 1, 0], d.Labels);
    }

    [Fact]
    public void Load_IntegerLabels_ClassesInNumericOrder()
    {
        using var dir = new ScratchDirectory();
        dir.File("data.csv", "x,label\n0,10\n1,2\n2,-1\n3,2\n");
        var d = DatasetTestKit.Load("""{"name":"c","source":"csv","path":"data.csv"}""", dir.Path);

        Assert.Equal(["-1", "2", "10"], d.ClassNames);
        Assert.Equal([2, 1, 0, 1], d.Labels);
    }

    [Fact]
    public void Load_FeatureList_SelectsAndOrdersColumns()
    {
        using var dir = new ScratchDirectory();
        dir.File("data.csv", "a,b,c,label\n1,2,x,y\n");
        var d = DatasetTestKit.Load("""{"name":"c","source":"csv","path":"data.csv","features":["b","a"]}""", dir.Path);

        Assert.Equal(["b", "a"], d.FeatureNames);
        Assert.Equal([2.0, 1.0], d.Features);
    }

    [Fact]
    public void Load_GzipFile_IsDecompressed()
    {
        using var dir = new ScratchDirectory();
        using (var gz = new GZipStream(File.Create(Path.Combine(dir.Path, "data.csv.gz")), CompressionLevel.Optimal))
        {
            gz.Write(Encoding.UTF8.GetBytes("x,label\n1,a\n2,b\n"));
        }

        var d = DatasetTestKit.Load("""{"name":"c","source":"csv","path":"data.csv.gz"}""", dir.Path);

        Assert.Equal([1.0, 2.0], d.Features);
    }

    [Fact]
    public void Load_NonNumericValue_NamesLineRowAndColumn()
    {
        var e = LoadFails("x,y,label\n1,2,a\n3,abc,b\n");

        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Row);
        Assert.Equal("y", e.Column);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("column 'y'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x,label\n1,a\nNaN,b\n", 3, "x", "not a finite number")]
    [InlineData("x,label\n1,a\n,b\n", 3, "x", "empty value")]
    [InlineData("x,label\n1,a\n2,\n", 3, "label", "empty label")]
    [InlineData("x,label\n1,a\n2,b,3\n", 3, null, "expected 2 fields")]
    [InlineData("x,label\n1,a\n\"2,b\n", 3, null, "unterminated quoted field")]
    [InlineData("x,x,label\n1,2,a\n", 1, "x", "duplicate column")]
    [InlineData("x,split,label\n1,2,a\n", 1, "split", "clashes")]
    public void Load_BadRow_OneLineErrorWithLocation(string csv, int line, string? column, string problem)
    {
        var e = LoadFails(csv);

        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingLabelColumn_ListsTheHeader()
    {
        var e = LoadFails("x,y\n1,2\n");

        Assert.Equal(1, e.Line);
        Assert.Contains("label column 'label' is missing; the header has: x, y", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFeatureColumn_NamesIt()
    {
        var e = LoadFails("x,label\n1,a\n", ""","features":["z"]""");

        Assert.Contains("feature column 'z' is missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("x,label\n", "no data rows")]
    [InlineData("label\na\n", "no feature columns")]
    public void Load_NoData_Fails(string csv, string problem)
    {
        var e = LoadFails(csv);

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileDeletedAfterParse_ReportsTheFile()
    {
        using var dir = new ScratchDirectory();
        var path = dir.File("data.csv", "x,label\n1,a\n");
        var recipe = DatasetCatalog.FromJson("""{"name":"c","source":"csv","path":"data.csv"}""", dir.Path);
        File.Delete(path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(path, e.File);
    }
}
