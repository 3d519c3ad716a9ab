using NetOrbit.Config;

namespace NetOrbit.Tests.Pipeline;

public sealed class ExperimentConfigLoaderTests
{
    private const string Minimal = """{ "name": "t", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.1] }""";

    private static ConfigException Reject(string json) =>
        Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(json, "x.json", "."));

    [Fact]
    public void Parse_Minimal_AppliesPaperDefaults()
    {
        var c = ExperimentConfigLoader.Parse(Minimal, "x.json", ".");
        Assert.Equal([10], c.Architecture.Hidden);
        Assert.Equal("sigmoid", c.Architecture.Activation);
        Assert.Equal("softmax", c.Architecture.Output);
        Assert.Equal("normal", c.Initialization.Scheme);
        Assert.Equal("gd", c.Optimizer.Type);
        Assert.Equal("weights", c.Perturbations.Target);
        Assert.Equal(0, c.Perturbations.Copies);
        Assert.Empty(c.Perturbations.Epsilons);
        Assert.Equal(300, c.Steps);
        Assert.True(c.Recording.WritesSnapshots);
    }

    [Fact]
    public void Parse_UnknownKey_ReportsPathAndAllowedKeys()
    {
        var e = Reject("""{ "name": "t", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.1], "architecture": { "hiden": [3] } }""");
        var error = Assert.Single(e.Errors);
        Assert.Equal("$.architecture.hiden", error.Path);
        Assert.Contains("hidden", error.Message);
    }

    [Fact]
    public void Parse_BadEnum_ListsAllowedValues()
    {
        var e = Reject("""{ "name": "t", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.1], "architecture": { "activation": "gelu" } }""");
        var error = Assert.Single(e.Errors);
        Assert.Equal("$.architecture.activation", error.Path);
        Assert.Contains("sigmoid | tanh | relu", error.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var e = Reject("""{ "name": "bad name", "datasets": [], "learning_rates": [0.1, -1], "steps": 0 }""");
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("$.name", paths);
        Assert.Contains("$.datasets", paths);
        Assert.Contains("$.learning_rates[1]", paths);
        Assert.Contains("$.steps", paths);
    }

    [Fact]
    public void Parse_InvalidJson_ReportsLine()
    {
        var e = Reject("{\n \"name\": \"t\",\n ]");
        Assert.Contains("line 3", Assert.Single(e.Errors).Message);
    }

    [Theory]
    [InlineData("""{"linear": {"start": 1, "stop": 3, "count": 3}}""", new[] { 1.0, 2.0, 3.0 })]
    [InlineData("""{"log": {"start": 0.01, "stop": 1, "count": 3}}""", new[] { 0.01, 0.1, 1.0 })]
    public void Parse_LearningRateRanges_Expand(string range, double[] expected)
    {
        var c = ExperimentConfigLoader.Parse(Minimal.Replace("[0.1]", range), "x.json", ".");
        Assert.Equal(expected.Length, c.LearningRates.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], c.LearningRates[i], 1e-12);
        }
    }

    [Fact]
    public void Parse_EpsilonsWithoutCopies_IsRejected()
    {
        var e = Reject(Minimal.Replace("\"learning_rates\"", "\"perturbations\": { \"epsilons\": [1e-8] }, \"learning_rates\""));
        Assert.Equal("$.perturbations.epsilons", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void Parse_SgdOptionsOnGd_IsRejected()
    {
        var e = Reject(Minimal.Replace("\"learning_rates\"", "\"optimizer\": { \"type\": \"gd\", \"batch_size\": 8 }, \"learning_rates\""));
        Assert.Equal("$.optimizer", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void Parse_EverySampleConfig_IsValid()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Support.RepoPaths.Samples, "configs"), "*.json"))
        {
            var text = File.ReadAllText(file);
            if (NetOrbit.Pipeline.Study.IsStudy(text))
            {
                // Studies are checked part by part (ConfigSchemaTests); as one experiment they are refused by name.
                var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(text, file, "."));
                Assert.Equal("$.parts", Assert.Single(e.Errors).Path);
                Assert.Contains("is a study", e.Errors[0].Message);
                continue;
            }

            var c = ExperimentConfigLoader.Parse(text, file, ".");
            Assert.False(string.IsNullOrEmpty(c.Name), file);
        }
    }
}
