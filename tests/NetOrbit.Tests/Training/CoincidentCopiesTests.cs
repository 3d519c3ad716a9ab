using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Training;

/// <summary>
/// Copies that hold the reference's weights bit for bit are not trained but follow member 0: every member's weights,
/// losses, accuracies and divergence must be the bits each member gets when trained alone.
/// </summary>
public sealed class CoincidentCopiesTests
{
    private const int Steps = 300;

    private static string Line(EnsembleTrainer trainer, int member, int t) =>
        $"{t} {BitConverter.DoubleToInt64Bits(trainer.Losses[member])} {BitConverter.DoubleToInt64Bits(trainer.Accuracies[member])} {trainer.DivergedSteps[member]} "
        + string.Join(",", trainer.Parameters(member).ToArray().Select(BitConverter.DoubleToInt64Bits));

    /// <summary>Each member's trace in the ensemble, with <paramref name="reset"/> applied before step <paramref name="resetAt"/>.</summary>
    private static List<string>[] EnsembleTraces(EnsembleTrainer trainer, double eta, int resetAt = -1, Action<EnsembleTrainer>? reset = null)
    {
        var traces = Enumerable.Range(0, trainer.Members).Select(_ => new List<string>()).ToArray();
        for (var t = 0; t < Steps; t++)
        {
            if (t == resetAt)
            {
                reset!(trainer);
            }

            trainer.Step(eta);
            for (var m = 0; m < trainer.Members; m++)
            {
                traces[m].Add(Line(trainer, m, t));
            }
        }

        return traces;
    }

    /// <summary>One network trained alone from <paramref name="initial"/>, its weights replaced by <paramref name="replacement"/> before step <paramref name="resetAt"/>.</summary>
    private static List<string> AloneTrace(double[] initial, double eta, int resetAt = -1, double[]? replacement = null)
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var trainer = new EnsembleTrainer(MlpSpec.PaperIris, 1, train);
        trainer.SetParameters(0, initial);
        var trace = new List<string>();
        for (var t = 0; t < Steps; t++)
        {
            if (t == resetAt)
            {
                trainer.SetParameters(0, replacement!);
            }

            trainer.Step(eta);
            trace.Add(Line(trainer, 0, t));
        }

        return trace;
    }

    [Theory]
    [InlineData(1.0)] // the reference trains to the end
    [InlineData(3e283)] // the reference and its coincident copies blow up at step 214, the other copy does not
    public void CopiesOnTheReference_SameBitsAsTrainedAlone(double eta)
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var reference = TrainingTestData.NormalInit(spec, 3);
        var other = TrainingTestData.NormalInit(spec, 9);
        var trainer = new EnsembleTrainer(spec, 4, train);
        trainer.SetParameters(0, reference);
        trainer.SetParameters(1, reference);
        trainer.SetParameters(2, other);
        trainer.SetParameters(3, reference);

        var traces = EnsembleTraces(trainer, eta);

        var alone = AloneTrace(reference, eta);
        Assert.Equal(alone, traces[0]);
        Assert.Equal(alone, traces[1]);
        Assert.Equal(AloneTrace(other, eta), traces[2]);
        Assert.Equal(alone, traces[3]);
        if (eta > 1e100)
        {
            Assert.True(trainer.IsDiverged(0) && trainer.IsDiverged(1) && !trainer.IsDiverged(2), "the case should make the reference alone blow up");
            Assert.InRange(trainer.CoincidentMemberSteps, 2 * trainer.DivergedSteps[0], 2 * (trainer.DivergedSteps[0] + 1)); // up to the step it blew up in
        }
        else
        {
            Assert.Equal(2 * Steps, trainer.CoincidentMemberSteps);
        }
    }

    [Fact]
    public void CopyLandingOnTheReferenceMidRun_FollowsItFromThen()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        const double Eta = 1.0;
        const int At = 50;
        var reference = TrainingTestData.NormalInit(spec, 3);
        var copy = TrainingTestData.NormalInit(spec, 4);
        var trainer = new EnsembleTrainer(spec, 2, train);
        trainer.SetParameters(0, reference);
        trainer.SetParameters(1, copy);
        double[]? landing = null;
        var traces = EnsembleTraces(trainer, Eta, At, t =>
        {
            landing = t.Parameters(0).ToArray();
            t.SetParameters(1, landing);
        });

        Assert.Equal(AloneTrace(reference, Eta), traces[0]);
        Assert.Equal(AloneTrace(copy, Eta, At, landing), traces[1]);
        Assert.Equal(traces[0].Skip(At), traces[1].Skip(At));
        Assert.Equal(Steps - At, trainer.CoincidentMemberSteps);
    }

    [Fact]
    public void CopiesOnAReplayedReference_SameBitsAsTrained()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        const double Eta = 1.0;
        var reference = TrainingTestData.NormalInit(spec, 3);
        var recorder = new EnsembleTrainer(spec, 1, train);
        recorder.SetParameters(0, reference);
        var track = recorder.RecordReference(Steps);
        _ = EnsembleTraces(recorder, Eta);

        var replaying = new EnsembleTrainer(spec, 2, train);
        replaying.SetParameters(0, reference);
        replaying.SetParameters(1, reference);
        replaying.ReplayReference(track);
        var traces = EnsembleTraces(replaying, Eta);

        var alone = AloneTrace(reference, Eta);
        Assert.Equal(alone, traces[0]);
        Assert.Equal(alone, traces[1]);
        Assert.Equal(Steps, replaying.CoincidentMemberSteps);
    }

    [Fact]
    public void CopyOneUlpAway_IsTrained()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var reference = TrainingTestData.NormalInit(spec, 3);
        var nudged = (double[])reference.Clone();
        nudged[5] = Math.BitIncrement(nudged[5]);
        var trainer = new EnsembleTrainer(spec, 2, train);
        trainer.SetParameters(0, reference);
        trainer.SetParameters(1, nudged);
        trainer.Step(1.0);
        Assert.Equal(0, trainer.CoincidentMemberSteps);
        Assert.NotEqual(trainer.Parameters(0).ToArray(), trainer.Parameters(1).ToArray());
    }
}
