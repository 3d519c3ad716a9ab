using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Training;

public sealed class ReferenceTrackTests
{
    /// <summary>Each member's weights, losses, accuracies and divergence after every step.</summary>
    private static List<string> Trace(EnsembleTrainer trainer, double eta, int steps)
    {
        var trace = new List<string>();
        for (var t = 0; t < steps; t++)
        {
            trainer.Step(eta);
            for (var m = 0; m < trainer.Members; m++)
            {
                var w = string.Join(",", trainer.Parameters(m).ToArray().Select(BitConverter.DoubleToInt64Bits));
                trace.Add($"{t} {m} {BitConverter.DoubleToInt64Bits(trainer.Losses[m])} {BitConverter.DoubleToInt64Bits(trainer.Accuracies[m])} {trainer.DivergedSteps[m]} {w}");
            }
        }

        trainer.MeasureCurrent();
        trace.Add(string.Join(" ", trainer.Losses.ToArray().Select(BitConverter.DoubleToInt64Bits)));
        return trace;
    }

    [Theory]
    [InlineData(1.0)] // the reference trains to the end
    [InlineData(3e283)] // the reference blows up part-way, the copies later or not at all
    public void Replay_SameBitsAsTrainingTheReference(double eta)
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        const int Steps = 300;
        var reference = TrainingTestData.NormalInit(spec, 3); // at eta = 3e283 it blows up at step 214, the copies below do not

        // The recording trainer has other copies than the replaying one.
        var recorder = new EnsembleTrainer(spec, 2, train);
        recorder.SetParameters(0, reference);
        recorder.SetParameters(1, TrainingTestData.NormalInit(spec, 9));
        var track = recorder.RecordReference(Steps);
        _ = Trace(recorder, eta, Steps);
        Assert.True(track.IsComplete);

        EnsembleTrainer Copies()
        {
            var trainer = new EnsembleTrainer(spec, 3, train);
            trainer.SetParameters(0, reference);
            trainer.SetParameters(1, TrainingTestData.NormalInit(spec, 1));
            trainer.SetParameters(2, TrainingTestData.NormalInit(spec, 2));
            return trainer;
        }

        var trained = Copies();
        var expected = Trace(trained, eta, Steps);
        var replaying = Copies();
        replaying.ReplayReference(track);
        var actual = Trace(replaying, eta, Steps);
        Assert.Equal(expected, actual);
        Assert.Equal(trained.DivergedSteps.ToArray(), replaying.DivergedSteps.ToArray());
        if (eta > 1e100)
        {
            Assert.True(trained.IsDiverged(0) && !trained.IsDiverged(1), "the case should make the reference alone blow up");
        }

        Assert.Throws<InvalidOperationException>(() => replaying.Step(eta)); // past the track's last step
    }

    [Fact]
    public void Replay_TrackFromOtherWeightsOrAfterTheFirstStep_Refused()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var recorder = new EnsembleTrainer(spec, 1, train);
        recorder.SetParameters(0, TrainingTestData.NormalInit(spec, 1));
        var track = recorder.RecordReference(3);

        var other = new EnsembleTrainer(spec, 2, train);
        other.SetParameters(0, TrainingTestData.NormalInit(spec, 2));
        Assert.Throws<ArgumentException>(() => other.ReplayReference(track));

        var late = new EnsembleTrainer(spec, 2, train);
        late.SetParameters(0, TrainingTestData.NormalInit(spec, 1));
        late.Step(0.1);
        Assert.Throws<InvalidOperationException>(() => late.ReplayReference(track));

        var sgd = new EnsembleTrainer(spec, 2, train, new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = 10, ShuffleSeed = 1 });
        sgd.SetParameters(0, TrainingTestData.NormalInit(spec, 1));
        Assert.Throws<InvalidOperationException>(() => sgd.ReplayReference(track));
    }
}
