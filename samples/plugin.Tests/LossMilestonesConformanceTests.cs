using NetOrbit.Testing;

namespace NetOrbit.Samples.Plugin.Tests;

/// <summary>The sample plugin stage passes the public conformance kit, with its default and with non-default options.</summary>
public sealed class LossMilestonesConformanceTests
{
    [Fact]
    public async Task LossMilestones_DefaultOptions_PassesConformanceKit()
    {
        var report = await StageConformance.CheckAsync(new LossMilestonesFactory());

        Assert.Equal(LossMilestonesFactory.StageName, report.Stage);
        Assert.Equal(5, report.Checks.Count);
        // 4 runs of 3 members in the kit's default experiment: one row per member.
        Assert.Equal(12, report.TableRows[LossMilestonesFactory.StageName + "/members"]);
    }

    [Fact]
    public async Task LossMilestones_SnapshotsEveryThirdStep_PassesConformanceKit()
    {
        // An interval above 1 puts the stage's batches on a different grid from the trainer's.
        var report = await StageConformance.CheckAsync(new LossMilestonesFactory(), """{ "accuracy": 0.6, "every": 3 }""");

        Assert.Equal(5, report.Checks.Count);
    }
}
