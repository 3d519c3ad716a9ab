using NetOrbit.Lyapunov;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class MapEstimatorTests
{
    private static readonly double Ln2 = Math.Log(2);

    [Fact]
    public void Spectrum_LogisticMap_Ln2Within0p01()
    {
        var (e, _, _) = LyapunovSpectrumEstimator.Estimate(new LogisticMap(), [0.3141], 1, 100_000, transient: 100);
        Assert.Equal(Ln2, e[0], 0.01);
    }

    [Fact]
    public void Benettin_LogisticMap_Ln2Within0p01()
    {
        var (lambda, history) = BenettinEstimator.Estimate(new LogisticMap(), [0.3141], 100_000, d0: 1e-9, transient: 100);
        Assert.Equal(Ln2, lambda, 0.01);
        Assert.Equal(100_000, history.Count);
        Assert.Equal(lambda, history[^1].Estimate);
    }

    [Fact]
    public void SpectrumAndBenettin_TentMap_Ln2Within1e9()
    {
        // |f'| = 2 everywhere, so every step stretches by exactly 2 (also after the float orbit collapses).
        var (e, _, _) = LyapunovSpectrumEstimator.Estimate(new TentMap(), [0.2718], 1, 1000);
        Assert.Equal(Ln2, e[0], 1e-9);
        var (lambda, _) = BenettinEstimator.Estimate(new TentMap(), [0.2718], 1000, d0: 1e-10, renormaliseEvery: 5);
        Assert.Equal(Ln2, lambda, 1e-3);
    }

    [Fact]
    public void Spectrum_Henon_MaxNear0p42Within0p01_AndSumEqualsLn0p3Within1e10()
    {
        var (e, ky, history) = LyapunovSpectrumEstimator.Estimate(new HenonMap(), [0.1, 0.1], 2, 100_000, transient: 1000, recordEvery: 10_000);
        Assert.Equal(0.4189, e[0], 0.01);
        Assert.Equal(Math.Log(0.3), e[0] + e[1], 1e-10);
        Assert.Equal(10, history.Count);
        Assert.Equal(1 + e[0] / Math.Abs(e[1]), ky, 1e-12); // ~1.26
        Assert.InRange(ky, 1.2, 1.3);
    }

    [Fact]
    public void Benettin_Henon_MaxNear0p42Within0p01()
    {
        var (lambda, _) = BenettinEstimator.Estimate(new HenonMap(), [0.1, 0.1], 100_000, d0: 1e-9, renormaliseEvery: 5, transient: 1000);
        Assert.Equal(0.4189, lambda, 0.01);
    }

    [Fact]
    public void Spectrum_GradientDescentOnQuadratic_IsLnAbsOneMinusEtaH_Within1e9()
    {
        double[] h = [3.0, 2.5, 1.0, 0.4, 0.1, -0.2];
        const double eta = 0.7;
        var model = QuadraticModel.Rotated(h, seed: 5);
        var map = new GradientDescentMap(model, QuadraticModel.EmptySplit, eta);
        var expected = h.Select(x => Math.Log(Math.Abs(1 - eta * x))).OrderDescending().ToArray();
        var x0 = Enumerable.Range(0, h.Length).Select(i => 0.1 * (i + 1)).ToArray();
        var (e, _, _) = LyapunovSpectrumEstimator.Estimate(map, x0, h.Length, 200, transient: 400);
        for (var i = 0; i < h.Length; i++)
        {
            Assert.Equal(expected[i], e[i], 1e-9);
        }
    }

    [Fact]
    public void Spectrum_QrEveryThreeSteps_SameExponentsWithin1e9()
    {
        double[] h = [3.0, 1.0, 0.4];
        var map = new GradientDescentMap(QuadraticModel.Diagonal(h), QuadraticModel.EmptySplit, 0.5);
        var (e, _, _) = LyapunovSpectrumEstimator.Estimate(map, [1.0, 1.0, 1.0], 3, 300, qrEvery: 3, transient: 300);
        Assert.Equal(Math.Log(0.8), e[0], 1e-9); // |1 - 0.5*0.4| = 0.8
        Assert.Equal(Math.Log(0.5), e[1], 1e-9); // |1 - 0.5*3| = |1 - 0.5*1| = 0.5
        Assert.Equal(Math.Log(0.5), e[2], 1e-9);
    }

    /// <summary>
    /// A step of the GD map on the real model (what Benettin twins take) is a training step: 300 steps at eta = 5 on
    /// Iris, chaotic, land on the trainer's weights bit for bit.
    /// </summary>
    [Fact]
    public void GradientDescentMap_OnNetworkModel_StepsLikeTheTrainerBitForBit()
    {
        var (train, _) = NetOrbit.Tests.Training.TrainingTestData.IrisReferenceSplit();
        var spec = NetOrbit.Training.MlpSpec.PaperIris;
        var w = new double[spec.ParameterCount];
        NetOrbit.Training.ParameterInitializer.Initialize(spec, NetOrbit.Training.WeightInit.Normal, 3, w);
        var map = new GradientDescentMap(new NetOrbit.Training.NetworkModel(spec), train, 5.0);
        var trainer = new NetOrbit.Training.EnsembleTrainer(spec, 1, train);
        trainer.SetParameters(0, w);
        var next = new double[w.Length];
        for (var t = 0; t < 300; t++)
        {
            map.Step(w, next);
            (w, next) = (next, w);
            trainer.Step(5.0);
        }

        Assert.Equal(trainer.Parameters(0).ToArray(), w);
    }

    [Fact]
    public void KaplanYorke_KnownValues()
    {
        Assert.Equal(0, LyapunovSpectrumTracker.KaplanYorke([-0.1, -0.5]));
        Assert.Equal(1 + 0.4 / 1.6, LyapunovSpectrumTracker.KaplanYorke([0.4, -1.6]), 1e-15);
        Assert.Equal(2 + 0.3 / 1.0, LyapunovSpectrumTracker.KaplanYorke([-1.0, 0.2, 0.1]), 1e-15);
        Assert.Equal(2, LyapunovSpectrumTracker.KaplanYorke([0.2, 0.1]));
    }

    [Fact]
    public void Sharpness_RotatedQuadratic_IsMaxH_Within1e9_EvenWithLargerNegativeEigenvalue()
    {
        var h = Enumerable.Range(0, 83).Select(i => 0.01 * i - 0.3).ToArray();
        h[10] = -5; // larger in magnitude than the top: power iteration would find it
        h[40] = 2.5;
        var model = QuadraticModel.Rotated(h, seed: 11);
        var w = new double[83];
        var r = SharpnessEstimator.Estimate((v, o) => model.HessianVectorProduct(w, v, QuadraticModel.EmptySplit, o), 83, maxIterations: 83);
        Assert.Equal(2.5, r.Sharpness, 1e-9);
        Assert.Equal(-5, r.MinEigenvalue, 1e-9);
        Assert.True(r.Converged);
    }

    [Fact]
    public void Sharpness_WellSeparatedTop_ConvergesInFewIterationsWithin1e8()
    {
        var h = Enumerable.Range(0, 83).Select(i => 0.01 * i).ToArray();
        h[0] = 10;
        var model = QuadraticModel.Rotated(h, seed: 2);
        var w = new double[83];
        var r = SharpnessEstimator.Estimate((v, o) => model.HessianVectorProduct(w, v, QuadraticModel.EmptySplit, o), 83, maxIterations: 30, tolerance: 1e-10);
        Assert.Equal(10, r.Sharpness, 1e-8);
        Assert.True(r.Iterations <= 30);
    }
}
