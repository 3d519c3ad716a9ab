using NetOrbit.Data;
using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Training;

public sealed class EnsembleTrainerTests
{
    [Fact]
    public void Step_MemberWithOverflowingWeights_DivergesAloneAndOthersContinue()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var trainer = new EnsembleTrainer(spec, 3, train);
        var good = TrainingTestData.NormalInit(spec, 1);
        trainer.SetParameters(0, good);
        var overflow = (double[])good.Clone();
        for (var i = spec.Layout.Weights(1).Offset; i < overflow.Length; i++)
        {
            overflow[i] = 1e308; // every logit overflows to +inf, so the loss is NaN at step 0
        }

        trainer.SetParameters(1, overflow);
        trainer.SetParameters(2, TrainingTestData.NormalInit(spec, 2));
        for (var t = 0; t < 50; t++)
        {
            trainer.Step(1.0);
        }

        Assert.Equal(-1, trainer.DivergedSteps[0]);
        Assert.Equal(-1, trainer.DivergedSteps[2]);
        Assert.True(trainer.IsDiverged(1));
        Assert.Equal(0, trainer.DivergedSteps[1]);
        Assert.Equal(2, trainer.LiveMembers);
        Assert.True(double.IsNaN(trainer.Losses[1]));
        Assert.True(double.IsFinite(trainer.Losses[0]) && double.IsFinite(trainer.Losses[2]));
        Assert.All(trainer.Parameters(1).ToArray(), x => Assert.True(double.IsFinite(x)));

        // The surviving members are exactly what they would be alone.
        var alone = new EnsembleTrainer(spec, 1, train);
        alone.SetParameters(0, good);
        for (var t = 0; t < 50; t++)
        {
            alone.Step(1.0);
        }

        Assert.Equal(alone.Parameters(0).ToArray(), trainer.Parameters(0).ToArray());
    }

    [Fact]
    public void Step_HugeLearningRate_AllMembersDivergeWithoutThrowing()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var trainer = new EnsembleTrainer(spec, 2, train);
        trainer.SetParameters(0, TrainingTestData.NormalInit(spec, 1));
        trainer.SetParameters(1, TrainingTestData.NormalInit(spec, 2));
        var before = trainer.Parameters(0).ToArray();
        for (var t = 0; t < 5; t++)
        {
            trainer.Step(1e308);
        }

        Assert.Equal(0, trainer.LiveMembers);
        Assert.Equal(5, trainer.StepCount);
        Assert.All(trainer.DivergedSteps.ToArray(), s => Assert.InRange(s, 1, 5));
        Assert.All(trainer.Parameters(0).ToArray(), x => Assert.True(double.IsFinite(x)));
        Assert.NotEqual(before, trainer.Parameters(0).ToArray());
        trainer.MeasureCurrent();
        Assert.True(double.IsNaN(trainer.Losses[0]));
    }

    [Fact]
    public void SetParameters_NonFinite_MarksDivergedAtCurrentStep()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var trainer = new EnsembleTrainer(spec, 2, train);
        trainer.SetParameters(0, TrainingTestData.NormalInit(spec, 1));
        var bad = TrainingTestData.NormalInit(spec, 2);
        bad[7] = double.NaN;
        trainer.SetParameters(1, bad);
        Assert.Equal(0, trainer.DivergedSteps[1]);
        trainer.Step(0.1);
        Assert.Equal(1, trainer.LiveMembers);
        trainer.SetParameters(1, TrainingTestData.NormalInit(spec, 2));
        Assert.False(trainer.IsDiverged(1));
    }

    [Fact]
    public void Step_SameInputs_BitIdenticalAcrossRunsThreadsAndEnsembleSizes()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var members = ParameterInitializer.Ensemble(spec, WeightInit.Normal, 42, 6, 1e-8, PerturbationTarget.Weights, 43);

        double[][] Train(int[] which)
        {
            var trainer = new EnsembleTrainer(spec, which.Length, train);
            for (var m = 0; m < which.Length; m++)
            {
                trainer.SetParameters(m, members[which[m]]);
            }

            for (var t = 0; t < 300; t++)
            {
                trainer.Step(1.0);
            }

            return Enumerable.Range(0, which.Length).Select(m => trainer.Parameters(m).ToArray()).ToArray();
        }

        var all = Train([0, 1, 2, 3, 4, 5]);
        var parallel = Enumerable.Range(0, 4).AsParallel().Select(_ => Train([0, 1, 2, 3, 4, 5])).ToArray();
        foreach (var p in parallel)
        {
            Assert.Equal(all, p);
        }

        var single = Train([4]);
        Assert.Equal(all[4], single[0]);
        var reversed = Train([5, 4, 3, 2, 1, 0]);
        Assert.Equal(all[0], reversed[5]);
        Assert.NotEqual(all[0], all[1]);
    }

    [Fact]
    public void Step_ReportsMetricsAtWeightsBeforeTheStep()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var w0 = TrainingTestData.NormalInit(spec, 8);
        var model = new NetworkModel(spec);
        var trainer = new EnsembleTrainer(spec, 1, train);
        trainer.SetParameters(0, w0);
        Assert.Equal(-1, trainer.MetricsStep);
        trainer.Step(0.5);
        Assert.Equal(0, trainer.MetricsStep);
        Assert.Equal(1, trainer.StepCount);
        Assert.Equal(model.Loss(w0, train), trainer.Losses[0], 1e-12);
        Assert.Equal(model.Accuracy(w0, train), trainer.Accuracies[0]);
        var w1 = trainer.Parameters(0).ToArray();
        var g = new double[w0.Length];
        model.ScalarGradient(w0, train, g);
        for (var i = 0; i < w0.Length; i++)
        {
            Assert.Equal(w0[i] - (0.5 * g[i]), w1[i], 1e-12);
        }

        trainer.MeasureCurrent();
        Assert.Equal(1, trainer.MetricsStep);
        Assert.Equal(model.Loss(w1, train), trainer.Losses[0], 1e-12);
    }

    [Fact]
    public void MiniBatch_FullSizeBatch_MatchesFullBatchGradientDescent()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var w0 = TrainingTestData.NormalInit(spec, 3);
        var gd = new EnsembleTrainer(spec, 1, train);
        var sgd = new EnsembleTrainer(spec, 1, train, new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = train.Count, ShuffleSeed = 7 });
        gd.SetParameters(0, w0);
        sgd.SetParameters(0, w0);
        for (var t = 0; t < 100; t++)
        {
            gd.Step(0.05);
            sgd.Step(0.05);
            Assert.Equal(gd.Losses[0], sgd.Losses[0], 1e-10);
        }

        var a = gd.Parameters(0).ToArray();
        var b = sgd.Parameters(0).ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 1e-9);
        }
    }

    [Fact]
    public void MiniBatch_SameSeedReproducesDifferentSeedDiffers()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var w0 = TrainingTestData.NormalInit(spec, 3);

        double[] Run(long seed, int members)
        {
            var t = new EnsembleTrainer(spec, members, train, new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = 32, ShuffleSeed = seed });
            for (var m = 0; m < members; m++)
            {
                t.SetParameters(m, w0);
            }

            for (var s = 0; s < 37; s++)
            {
                t.Step(0.1);
            }

            // Identical members see identical batches.
            Assert.Equal(t.Parameters(0).ToArray(), t.Parameters(members - 1).ToArray());
            return t.Parameters(0).ToArray();
        }

        Assert.Equal(Run(11, 1), Run(11, 3));
        Assert.NotEqual(Run(11, 1), Run(12, 1));
    }

    [Fact]
    public void MiniBatch_EpochVisitsEveryRowOnce()
    {
        // One-row batches at eta = 0 leave weights unchanged; the reported batch accuracies over an epoch average to the full-set accuracy.
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var w0 = TrainingTestData.NormalInit(spec, 4);
        var t = new EnsembleTrainer(spec, 1, train, new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = 1, ShuffleSeed = 1 });
        t.SetParameters(0, w0);
        double lossSum = 0, accSum = 0;
        for (var s = 0; s < train.Count; s++)
        {
            t.Step(0);
            lossSum += t.Losses[0];
            accSum += t.Accuracies[0];
        }

        var model = new NetworkModel(spec);
        Assert.Equal(model.Loss(w0, train), lossSum / train.Count, 1e-12);
        Assert.Equal(model.Accuracy(w0, train), accSum / train.Count, 1e-12);
    }

    [Fact]
    public void Constructor_InvalidArguments_NameTheProblem()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        Assert.Throws<ArgumentException>(() => new EnsembleTrainer(new MlpSpec([5, 3]), 1, train));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleTrainer(MlpSpec.PaperIris, 0, train));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleTrainer(MlpSpec.PaperIris, 1, train, new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = 0 }));
        var t = new EnsembleTrainer(MlpSpec.PaperIris, 1, train);
        Assert.Throws<ArgumentException>(() => t.SetParameters(0, new double[5]));
        Assert.Throws<ArgumentException>(() => new MlpSpec([4]));
        Assert.Throws<ArgumentException>(() => new MlpSpec([4, 0, 3]));
    }

    [Fact]
    public void Evaluate_EmptySplit_ReturnsNaN()
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var t = new EnsembleTrainer(MlpSpec.PaperIris, 1, train);
        var empty = new DataSplit([], [], 4, 3, []);
        var (loss, acc) = t.Evaluate(0, empty);
        Assert.True(double.IsNaN(loss) && double.IsNaN(acc));
    }
}
