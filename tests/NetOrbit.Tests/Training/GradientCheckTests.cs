using NetOrbit.Data;
using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Training;

/// <summary>
/// Finite-difference checks of the exact derivatives for every hidden activation x output, on a 3-5-4-3 network
/// (two hidden layers) over 37 rows (not a multiple of the 8-lane vectors, so padding is exercised).
/// </summary>
public sealed class GradientCheckTests
{
    public static TheoryData<HiddenActivation, OutputActivation> Combinations()
    {
        var data = new TheoryData<HiddenActivation, OutputActivation>();
        foreach (var h in Enum.GetValues<HiddenActivation>())
        {
            foreach (var o in Enum.GetValues<OutputActivation>())
            {
                data.Add(h, o);
            }
        }

        return data;
    }

    public static TheoryData<HiddenActivation, OutputActivation, bool> CombinationsAndWidths()
    {
        var data = new TheoryData<HiddenActivation, OutputActivation, bool>();
        foreach (var h in Enum.GetValues<HiddenActivation>())
        {
            foreach (var o in Enum.GetValues<OutputActivation>())
            {
                data.Add(h, o, true);
                data.Add(h, o, false);
            }
        }

        return data;
    }

    /// <summary>Shapes at the edges of the kernels' tiling (no hidden layer, one output, one input, widths 1..13, one row) and two real ones.</summary>
    public static TheoryData<int[], OutputActivation, int> EdgeShapes() => new()
    {
        { [4, 3], OutputActivation.Softmax, 37 },
        { [5, 1], OutputActivation.Sigmoid, 37 },
        { [1, 7, 2], OutputActivation.Softmax, 9 },
        { [2, 1, 6, 3], OutputActivation.Softmax, 64 },
        { [6, 11, 13, 5], OutputActivation.Sigmoid, 1 },
        { [8, 10, 20, 3], OutputActivation.Softmax, 50 },
        { [4, 10, 3], OutputActivation.Softmax, 120 },
        { [64, 32, 10], OutputActivation.Softmax, 101 },
    };

    private static (MlpSpec Spec, DataSplit Data, double[] W) Setup(HiddenActivation h, OutputActivation o)
    {
        var spec = new MlpSpec([3, 5, 4, 3], h, o);
        var data = TrainingTestData.Blobs(37, 3, 3, 17);
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 23, w);

        // Non-zero biases so that their derivatives are exercised away from the symmetric start.
        var rng = new Random(3);
        foreach (var b in spec.Layout.Blocks.Where(b => !b.IsWeight))
        {
            for (var i = b.Offset; i < b.Offset + b.Length; i++)
            {
                w[i] = rng.NextDouble() - 0.5;
            }
        }

        return (spec, data, w);
    }

    /// <summary>Central differences with h = 1e-6: truncation ~h^2 |L'''| and rounding ~1e-16 / h, so 1e-7 (scaled) is a safe bound.</summary>
    [Theory]
    [MemberData(nameof(CombinationsAndWidths))]
    public void Gradient_MatchesCentralDifferences(HiddenActivation h, OutputActivation o, bool kernels)
    {
        var (spec, data, w) = Setup(h, o);
        var model = new NetworkModel(spec);
        var g = new double[w.Length];
        var loss = kernels ? model.Gradient(w, data, g) : model.ScalarGradient(w, data, g);
        Assert.Equal(model.Loss(w, data), loss, 14);
        const double step = 1e-6;
        for (var i = 0; i < w.Length; i++)
        {
            var wp = (double[])w.Clone();
            var wm = (double[])w.Clone();
            wp[i] += step;
            wm[i] -= step;
            var fd = (model.Loss(wp, data) - model.Loss(wm, data)) / (2 * step);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-7 * Math.Max(1, Math.Abs(g[i])), $"parameter {i}: analytic {g[i]}, finite difference {fd}");
        }
    }

    /// <summary>The trainer's vectorised kernels against the scalar NetworkModel: loss, gradient (1e-12 relative to the largest component) and accuracy.</summary>
    [Theory]
    [MemberData(nameof(CombinationsAndWidths))]
    public void TrainerGradient_MatchesNetworkModel(HiddenActivation h, OutputActivation o, bool vector512)
    {
        var (spec, data, w) = Setup(h, o);
        var model = new NetworkModel(spec);
        var expected = new double[w.Length];
        var expectedLoss = model.ScalarGradient(w, data, expected);
        var trainer = new EnsembleTrainer(spec, 2, data, null, vector512);
        trainer.SetParameters(1, w);
        var actual = new double[w.Length];
        var actualLoss = trainer.Gradient(1, actual);
        Assert.Equal(expectedLoss, actualLoss, 1e-12 * expectedLoss);
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < w.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * scale, $"parameter {i}: trainer {actual[i]}, model {expected[i]}");
        }

        var (evalLoss, evalAcc) = trainer.Evaluate(1, data);
        Assert.Equal(expectedLoss, evalLoss, 1e-12 * expectedLoss);
        Assert.Equal(model.Accuracy(w, data), evalAcc);
    }

    /// <summary>
    /// NetworkModel's public gradient runs the trainer's kernels: loss and gradient equal the trainer's bit for bit, on
    /// alternating splits (the kept layout must follow the split), so a map step taken with it is a training step.
    /// </summary>
    [Theory]
    [MemberData(nameof(Combinations))]
    public void Gradient_EqualsTrainerBitForBit(HiddenActivation h, OutputActivation o)
    {
        var (spec, data, w) = Setup(h, o);
        var other = TrainingTestData.Blobs(21, 3, 3, 8);
        var model = new NetworkModel(spec);
        foreach (var split in new[] { data, other, data })
        {
            var trainer = new EnsembleTrainer(spec, 1, split);
            trainer.SetParameters(0, w);
            var expected = new double[w.Length];
            var expectedLoss = trainer.Gradient(0, expected);
            var actual = new double[w.Length];
            Assert.Equal(expectedLoss, model.Gradient(w, split, actual));
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>
    /// Pearlmutter's exact H v, the kernels' (the public method) and the scalar one, against central differences of the
    /// exact gradient, h = 1e-5, bound 1e-6 of the largest component.
    /// </summary>
    [Theory]
    [MemberData(nameof(CombinationsAndWidths))]
    public void HessianVectorProduct_MatchesDifferencesOfGradient(HiddenActivation h, OutputActivation o, bool kernels)
    {
        var (spec, data, w) = Setup(h, o);
        var model = new NetworkModel(spec);
        var rng = new Random(9);
        var v = Enumerable.Range(0, w.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var hv = new double[w.Length];
        if (kernels)
        {
            model.HessianVectorProduct(w, v, data, hv);
        }
        else
        {
            model.ScalarHessianVectorProduct(w, v, data, hv);
        }

        const double step = 1e-5;
        var gp = new double[w.Length];
        var gm = new double[w.Length];
        model.ScalarGradient(w.Select((x, i) => x + step * v[i]).ToArray(), data, gp);
        model.ScalarGradient(w.Select((x, i) => x - step * v[i]).ToArray(), data, gm);
        var scale = Math.Max(1e-3, hv.Max(Math.Abs));
        for (var i = 0; i < w.Length; i++)
        {
            var fd = (gp[i] - gm[i]) / (2 * step);
            Assert.True(Math.Abs(fd - hv[i]) <= 1e-6 * scale, $"component {i}: exact {hv[i]}, finite difference {fd}");
        }
    }

    /// <summary>The trainer's gradient against the scalar one on <see cref="EdgeShapes"/>, tanh hidden units.</summary>
    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void TrainerGradient_EdgeShapes_MatchNetworkModel(int[] sizes, OutputActivation output, int rows)
    {
        var spec = new MlpSpec(sizes, HiddenActivation.Tanh, output);
        var classes = sizes[^1];
        var data = TrainingTestData.Blobs(rows, sizes[0], classes, 3);
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 2, w);
        var model = new NetworkModel(spec);
        var expected = new double[w.Length];
        var expectedLoss = model.ScalarGradient(w, data, expected);
        foreach (var vector512 in new[] { true, false })
        {
            var trainer = new EnsembleTrainer(spec, 1, data, null, vector512);
            trainer.SetParameters(0, w);
            var actual = new double[w.Length];
            Assert.Equal(expectedLoss, trainer.Gradient(0, actual), 1e-12 * Math.Max(1, expectedLoss));
            var scale = Math.Max(1e-300, expected.Max(Math.Abs));
            for (var i = 0; i < w.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * scale, $"{string.Join('-', sizes)} parameter {i}: trainer {actual[i]}, model {expected[i]}");
            }
        }
    }

    /// <summary>
    /// The kernels' H v (8- and 4-lane) against the scalar R-operator, which shares no code with them, within 1e-12 of the
    /// largest component: every activation x output on two hidden layers, the tiling's edge shapes, and repeated calls on
    /// alternating splits (the kept layout must follow the split).
    /// </summary>
    [Theory]
    [MemberData(nameof(Combinations))]
    public void KernelHessianVectorProduct_MatchesScalar(HiddenActivation h, OutputActivation o)
    {
        var (spec, data, w) = Setup(h, o);
        AssertKernelHessianMatchesScalar(spec, w, data, TrainingTestData.Blobs(11, 3, 3, 5));
    }

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void KernelHessianVectorProduct_EdgeShapes_MatchScalar(int[] sizes, OutputActivation output, int rows)
    {
        var spec = new MlpSpec(sizes, HiddenActivation.Sigmoid, output);
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 2, w);
        AssertKernelHessianMatchesScalar(spec, w, TrainingTestData.Blobs(rows, sizes[0], sizes[^1], 3), TrainingTestData.Blobs(rows + 5, sizes[0], sizes[^1], 4));
    }

    private static void AssertKernelHessianMatchesScalar(MlpSpec spec, double[] w, DataSplit data, DataSplit other)
    {
        var scalar = new NetworkModel(spec);
        var rng = new Random(12);
        var v = Enumerable.Range(0, w.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        foreach (var vector512 in new[] { true, false })
        {
            var kernels = new KernelDerivatives(spec, vector512);
            foreach (var split in new[] { data, other, data })
            {
                var expected = new double[w.Length];
                scalar.ScalarHessianVectorProduct(w, v, split, expected);
                var actual = new double[w.Length];
                actual.AsSpan().Fill(double.NaN);
                kernels.HessianVectorProduct(w, v, split, actual);
                var scale = Math.Max(1e-300, expected.Max(Math.Abs));
                for (var i = 0; i < w.Length; i++)
                {
                    Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * scale, $"{string.Join('-', spec.LayerSizes)} ({(vector512 ? 8 : 4)} lanes, {split.Count} rows) component {i}: kernels {actual[i]}, scalar {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void HessianVectorProduct_IsSymmetric()
    {
        var (spec, data, w) = Setup(HiddenActivation.Sigmoid, OutputActivation.Softmax);
        var model = new NetworkModel(spec);
        var rng = new Random(4);
        var u = Enumerable.Range(0, w.Length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, w.Length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var hu = new double[w.Length];
        var hv = new double[w.Length];
        model.HessianVectorProduct(w, u, data, hu);
        model.HessianVectorProduct(w, v, data, hv);
        var vhu = v.Zip(hu, (a, b) => a * b).Sum();
        var uhv = u.Zip(hv, (a, b) => a * b).Sum();
        Assert.Equal(vhu, uhv, 1e-12 * Math.Max(1, Math.Abs(vhu)));
    }

    [Fact]
    public void Predict_AgreesWithTrainerAccuracy()
    {
        var (train, test) = TrainingTestData.IrisReferenceSplit();
        var spec = MlpSpec.PaperIris;
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 5, w);
        var model = new NetworkModel(spec);
        var pred = new int[test.Count];
        model.Predict(w, test, pred);
        var trainer = new EnsembleTrainer(spec, 1, train);
        trainer.SetParameters(0, w);
        var (loss, acc) = trainer.Evaluate(0, test);
        Assert.Equal(pred.Where((p, i) => p == test.Labels[i]).Count() / (double)test.Count, acc);
        Assert.Equal(model.Loss(w, test), loss, 1e-12 * loss);
        Assert.Same(model.Spec, ((NetworkModel)model.Clone()).Spec);
    }
}
