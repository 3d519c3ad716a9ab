using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Regimes;

namespace NetOrbit.Tests.Regimes;

/// <summary>Options bound from JSON and checked where the graph is built.</summary>
public sealed class RegimesStageFactoryTests
{
    [Fact]
    public void Create_OptionsOutOfRange_EveryProblemNamed()
    {
        var errors = new ConfigErrors();
        using var json = JsonDocument.Parse("""{ "every": 0, "chance_margin": 2, "converged_ratio": 0, "window": { "length_min": 50, "length_max": 40 } }""");

        var stage = new RegimesStageFactory().Create(json.RootElement, "$.stages.regimes", errors);

        Assert.Null(stage);
        var paths = errors.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.stages.regimes.every", paths);
        Assert.Contains("$.stages.regimes.chance_margin", paths);
        Assert.Contains("$.stages.regimes.converged_ratio", paths);
        Assert.Contains(paths, p => p.Contains("window.length_max", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ValidOptions_StageUsesEveryAsItsSnapshotInterval()
    {
        var stage = new RegimesStageFactory().Create(new RegimesOptions { Every = 5 });

        Assert.Equal("regimes", stage.Name);
        Assert.Equal(5, stage.SnapshotInterval);
        Assert.True(stage.UsesMemberDistances);
        Assert.Equal(["regimes/features", "regimes/labels", "regimes/predictions", "regimes/timeline"], stage.Tables.Select(t => t.Name));
    }

    [Fact]
    public void Bind_ModelFileMissing_ErrorNamesTheOption()
    {
        using var json = JsonDocument.Parse("""{ "model": "/nonexistent/model.zip" }""");
        var errors = new ConfigErrors();
        Assert.Null(new RegimesStageFactory().Create(json.RootElement, "$.stages.regimes", errors));
        Assert.Contains(errors.Errors, e => e.Path == "$.stages.regimes.model");
    }
}
