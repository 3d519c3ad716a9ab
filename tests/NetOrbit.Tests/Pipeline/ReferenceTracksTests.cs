using NetOrbit.Pipeline;
using NetOrbit.Training;
using NetOrbit.Tests.Training;
using Xunit;

namespace NetOrbit.Tests.Pipeline;

public sealed class ReferenceTracksTests
{
    private static Experiment Grid(string optimizer = "{ \"type\": \"gd\" }", string epsilons = "[1e-8, 1e-4]") => ExperimentBuilder.FromJson($$"""
        {
          "name": "tracks",
          "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
          "learning_rates": [1],
          "initial_conditions": { "count": 2 },
          "optimizer": {{optimizer}},
          "perturbations": { "copies": 2, "epsilons": {{epsilons}} },
          "steps": 3
        }
        """).Build();

    private static ReferenceTrack CompleteTrack()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var trainer = new EnsembleTrainer(MlpSpec.PaperIris, 1, train);
        trainer.SetParameters(0, TrainingTestData.NormalInit(MlpSpec.PaperIris, 1));
        var track = trainer.RecordReference(1);
        trainer.Step(0.1);
        return track;
    }

    [Fact]
    public void OneRecorderPerInitialCondition_OthersReplayOnceItIsPublished_DroppedWhenAllFinished()
    {
        var experiment = Grid();
        var tracks = ReferenceTracks.For(experiment.Plan, 0, experiment.Runs.Count)!;
        var runs = experiment.Runs; // ic 0: runs 0 and 1 (eps innermost), ic 1: runs 2 and 3
        Assert.Null(tracks.Begin(runs[0], out var record));
        Assert.True(record);
        Assert.Null(tracks.Begin(runs[1], out record)); // starts while run 0 records: trains its own, records nothing
        Assert.False(record);
        Assert.Null(tracks.Begin(runs[2], out record)); // another initial condition
        Assert.True(record);

        var track = CompleteTrack();
        tracks.Publish(runs[0], track);
        Assert.Same(track, tracks.Begin(runs[1], out record));
        Assert.False(record);

        Assert.Equal(1, tracks.Replays);
        Assert.Equal(2, tracks.Held);
        tracks.Finished(runs[0]);
        Assert.Equal(2, tracks.Held);
        tracks.Finished(runs[1]);
        Assert.Equal(1, tracks.Held); // both runs of ic 0 done: its track is gone
    }

    [Fact]
    public void RangeCuttingAnInitialCondition_ItsEntryGoesWhenTheRunsInTheRangeFinish()
    {
        // A shard (or what a resume leaves) of runs 1 and 2: ic 0's second run and ic 1's first.
        var experiment = Grid();
        var tracks = ReferenceTracks.For(experiment.Plan, 1, 2)!;
        var runs = experiment.Runs;
        Assert.Null(tracks.Begin(runs[1], out var record));
        Assert.True(record);
        Assert.Null(tracks.Begin(runs[2], out record));
        Assert.True(record);
        tracks.Finished(runs[1]);
        Assert.Equal(1, tracks.Held); // ic 0 has no other run in the range: gone
        tracks.Finished(runs[2]);
        Assert.Equal(0, tracks.Held); // nor has ic 1 (run 3 is past the range's end)
    }

    [Fact]
    public void IncompleteTrack_NotKept_AnotherRunMayRecord()
    {
        var experiment = Grid();
        var tracks = ReferenceTracks.For(experiment.Plan, 0, experiment.Runs.Count)!;
        var runs = experiment.Runs;
        Assert.Null(tracks.Begin(runs[0], out var record));
        Assert.True(record);
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var trainer = new EnsembleTrainer(MlpSpec.PaperIris, 1, train);
        trainer.SetParameters(0, TrainingTestData.NormalInit(MlpSpec.PaperIris, 1));
        tracks.Publish(runs[0], trainer.RecordReference(3)); // no step recorded: the run stopped early
        Assert.Null(tracks.Begin(runs[1], out record));
        Assert.True(record);
    }

    [Fact]
    public void For_MiniBatchOrOneEps_Null()
    {
        Assert.Null(ReferenceTracks.For(Grid(optimizer: "{ \"type\": \"sgd\", \"batch_size\": 10 }").Plan, 0, 4));
        Assert.Null(ReferenceTracks.For(Grid(epsilons: "[1e-8]").Plan, 0, 2));
        Assert.NotNull(ReferenceTracks.For(Grid().Plan, 0, 4));
    }
}
