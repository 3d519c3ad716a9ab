using NetOrbit.Config;
using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class DatasetCatalogTests
{
    [Fact]
    public void Parse_Defaults_AreDocumentedValues()
    {
        var recipe = DatasetTestKit.Parse("""{"name":"iris","source":"iris"}""", ".", out var errors);

        Assert.Empty(errors);
        Assert.NotNull(recipe);
        Assert.Equal("iris", recipe.Name);
        Assert.Equal("iris", recipe.Source);
        Assert.Equal(0.2, recipe.TestFraction);
        Assert.Equal(0, recipe.SplitSeed);
        Assert.Null(recipe.SplitFile);
        Assert.False(recipe.Standardize);
    }

    [Theory]
    [InlineData("""{"source":"iris"}""", "$.datasets[0].name", "required")]
    [InlineData("""{"name":"a b","source":"iris"}""", "$.datasets[0].name", "[A-Za-z0-9_.-]")]
    [InlineData("""{"name":"..","source":"iris"}""", "$.datasets[0].name", "not only dots")]
    [InlineData("""{"name":"a"}""", "$.datasets[0].source", "iris | digits | blobs | moons | circles | spirals | xor | csv | idx")]
    [InlineData("""{"name":"a","source":"mnist"}""", "$.datasets[0].source", "'mnist' is not allowed")]
    [InlineData("""{"name":"a","source":"iris","test_fraction":1}""", "$.datasets[0].test_fraction", "allowed [0, 1)")]
    [InlineData("""{"name":"a","source":"iris","test_fraction":-0.1}""", "$.datasets[0].test_fraction", "out of range")]
    [InlineData("""{"name":"a","source":"iris","standardize":"yes"}""", "$.datasets[0].standardize", "true or false")]
    [InlineData("""{"name":"a","source":"iris","samples":10}""", "$.datasets[0].samples", "unknown key; allowed keys:")]
    [InlineData("""{"name":"a","source":"moons","noise":-1}""", "$.datasets[0].noise", "out of range")]
    [InlineData("""{"name":"a","source":"moons","centers":3}""", "$.datasets[0].centers", "unknown key")]
    [InlineData("""{"name":"a","source":"blobs","centers":5,"samples":4}""", "$.datasets[0].samples", "samples >= centers")]
    [InlineData("""{"name":"a","source":"blobs","cluster_std":0}""", "$.datasets[0].cluster_std", "out of range")]
    [InlineData("""{"name":"a","source":"circles","factor":1}""", "$.datasets[0].factor", "allowed (0, 1)")]
    [InlineData("""{"name":"a","source":"spirals","classes":1}""", "$.datasets[0].classes", "allowed [2, 20]")]
    [InlineData("""{"name":"a","source":"xor","features":1}""", "$.datasets[0].features", "out of range")]
    [InlineData("""{"name":"a","source":"csv"}""", "$.datasets[0].path", "required")]
    [InlineData("""{"name":"a","source":"csv","path":"nope.csv"}""", "$.datasets[0].path", "file not found")]
    [InlineData("""{"name":"a","source":"idx","labels":"nope.idx"}""", "$.datasets[0].images", "required")]
    [InlineData("""{"name":"a","source":"iris","split_file":"nope.csv"}""", "$.datasets[0].split_file", "file not found")]
    public void Parse_Invalid_ReportsPathAndAllowedValues(string json, string path, string message)
    {
        var recipe = DatasetTestKit.Parse(json, Path.GetTempPath(), out var errors);

        Assert.Null(recipe);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOne()
    {
        var recipe = DatasetTestKit.Parse("""{"name":"a/b","source":"spirals","classes":0,"turns":-1,"colour":"red"}""", ".", out var errors);

        Assert.Null(recipe);
        Assert.Equal(
            ["$.datasets[0].classes", "$.datasets[0].colour", "$.datasets[0].name", "$.datasets[0].turns"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_CsvFeatureList_ChecksEachName()
    {
        using var dir = new ScratchDirectory();
        dir.File("d.csv", "a,label\n1,x\n");
        var recipe = DatasetTestKit.Parse("""{"name":"a","source":"csv","path":"d.csv","features":["a",3,"label","a"]}""", dir.Path, out var errors);

        Assert.Null(recipe);
        Assert.Equal(["$.datasets[0].features[1]", "$.datasets[0].features[2]", "$.datasets[0].features[3]"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_SplitFileWithTestFraction_IsRejected()
    {
        using var dir = new ScratchDirectory();
        dir.File("split.csv", "row,split\n");
        DatasetTestKit.Parse("""{"name":"a","source":"iris","split_file":"split.csv","test_fraction":0.3}""", dir.Path, out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("$.datasets[0].split_file", error.Path);
    }

    [Fact]
    public void Parse_RelativePaths_ResolveAgainstBaseDirectory()
    {
        using var dir = new ScratchDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        dir.File("data/d.csv", "a,label\n1,x\n");
        var recipe = DatasetTestKit.Parse("""{"name":"a","source":"csv","path":"data/d.csv"}""", dir.Path, out var errors);

        Assert.Empty(errors);
        Assert.Equal(Path.Combine(dir.Path, "data", "d.csv"), recipe!.ToJson()["path"]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_IncludesResolvedDefaults()
    {
        var json = DatasetCatalog.FromJson("""{"name":"s","source":"spirals"}""").ToJson();

        Assert.Equal(
            """{"name":"s","source":"spirals","samples":300,"classes":2,"noise":0.05,"turns":1,"seed":0,"test_fraction":0.2,"split_seed":0,"standardize":false}""",
            json.ToJsonString());
    }

    [Fact]
    public void FromJson_Invalid_ThrowsConfigExceptionListingErrors()
    {
        var e = Assert.Throws<ConfigException>(() => DatasetCatalog.FromJson("""{"name":"x","source":"blobs","centers":1}"""));

        Assert.Contains(e.Errors, x => x.Path == "$.centers");
    }

    [Fact]
    public void Load_SplitFileMissingRow_OneLineError()
    {
        using var dir = new ScratchDirectory();
        var split = dir.File("split.csv", "row,split\n0,train\n1,test\n");
        var recipe = DatasetCatalog.FromJson("""{"name":"a","source":"iris","split_file":"split.csv"}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal($"{split}: the file assigns 2 rows but the dataset has 150; row 2 is missing", e.Message);
    }

    [Theory]
    [InlineData("row,split\n0,train\n0,test\n", 3, "row 0 appears twice")]
    [InlineData("row,split\n0,train\n1,valid\n", 3, "'valid' is not a split: expected train | test")]
    [InlineData("row,split\n0,train\n150,test\n", 3, "expected an integer in [0, 149]")]
    [InlineData("row,part\n", 1, "column 'split' is missing")]
    public void Load_BadSplitFile_NamesTheLine(string contents, int line, string problem)
    {
        using var dir = new ScratchDirectory();
        dir.File("split.csv", contents);
        var recipe = DatasetCatalog.FromJson("""{"name":"a","source":"iris","split_file":"split.csv"}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
