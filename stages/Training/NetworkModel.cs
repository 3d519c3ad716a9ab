using System.Numerics.Tensors;
using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Training;

/// <summary>
/// The training loss of an <see cref="MlpSpec"/> network as a function of its flat parameter vector: loss,
/// exact gradient (backpropagation) and exact Hessian-vector products (Pearlmutter's R-operator applied to
/// backpropagation, i.e. forward-over-reverse), in float64. <see cref="Loss"/>, <see cref="ScalarGradient"/> and
/// <see cref="ScalarHessianVectorProduct"/> run one sample at a time with scalar Math functions and share no code with
/// <see cref="EnsembleTrainer"/>'s vectorised kernels, so each checks the other; <see cref="Gradient"/> and
/// <see cref="HessianVectorProduct"/> (what the Lyapunov estimators call), <see cref="Losses"/> and
/// <see cref="GradientDescent"/> use the kernels.
/// Not thread-safe; use <see cref="Clone"/> per thread.
/// </summary>
public sealed partial class NetworkModel : INetworkModel
{
    private readonly MlpShape _shape;
    private readonly double[][] _z;
    private readonly double[][] _a;
    private readonly double[][] _delta;
    private readonly double[][] _rz;
    private readonly double[][] _ra;
    private readonly double[][] _rdelta;
    private readonly double[] _s;
    private readonly double[] _rs;
    private KernelDerivatives? _kernels;

    /// <summary>Creates the model of <paramref name="spec"/>.</summary>
    public NetworkModel(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _shape = new MlpShape(spec);
        var sizes = _shape.Sizes;
        _z = sizes.Select(n => new double[n]).ToArray();
        _a = sizes.Select(n => new double[n]).ToArray();
        _delta = sizes.Select(n => new double[n]).ToArray();
        _rz = sizes.Select(n => new double[n]).ToArray();
        _ra = sizes.Select(n => new double[n]).ToArray();
        _rdelta = sizes.Select(n => new double[n]).ToArray();
        _s = new double[_shape.MaxWidth];
        _rs = new double[_shape.MaxWidth];
    }

    /// <summary>The architecture.</summary>
    public MlpSpec Spec { get; }

    /// <inheritdoc />
    public ParameterLayout Layout => Spec.Layout;

    /// <inheritdoc />
    public double Loss(ReadOnlySpan<double> w, DataSplit split)
    {
        Check(w, split);
        var sum = 0.0;
        for (var n = 0; n < split.Count; n++)
        {
            Forward(w, split, n);
            sum += SampleLoss(split.Labels[n]);
        }

        return sum / split.Count;
    }

    /// <summary>
    /// Gradient descent of many networks at once with the ensemble trainer's kernels (the networks
    /// become the members of one ensemble, in chunks of 64): the same arithmetic as a run's own
    /// trajectory, and many times faster than stepping each with <see cref="Gradient"/>.
    /// </summary>
    public void GradientDescent(Span<double> parameters, DataSplit split, double eta, int steps)
    {
        ArgumentNullException.ThrowIfNull(split);
        var p = Spec.ParameterCount;
        if (parameters.Length % p != 0)
        {
            throw new ArgumentException($"expected a multiple of {p} parameters, got {parameters.Length}", nameof(parameters));
        }

        const int chunk = 64;
        var total = parameters.Length / p;
        for (var start = 0; start < total; start += chunk)
        {
            var count = Math.Min(chunk, total - start);
            var trainer = new EnsembleTrainer(Spec, count, split);
            for (var m = 0; m < count; m++)
            {
                trainer.SetParameters(m, parameters.Slice((start + m) * p, p));
            }

            for (var s = 0; s < steps; s++)
            {
                trainer.Step(eta);
            }

            for (var m = 0; m < count; m++)
            {
                var target = parameters.Slice((start + m) * p, p);
                if (trainer.IsDiverged(m))
                {
                    target.Fill(double.NaN);
                }
                else
                {
                    trainer.Parameters(m).CopyTo(target);
                }
            }
        }
    }

    /// <summary>
    /// Losses of many networks at once with the ensemble trainer's vectorised forward pass (the
    /// networks become the members of one ensemble, in chunks), e.g. the graph stage's weight
    /// ablation. They agree with <see cref="Loss"/> to rounding (the trainer's exp is within 2 ulp).
    /// </summary>
    public void Losses(ReadOnlySpan<double> parameters, DataSplit split, Span<double> losses)
    {
        ArgumentNullException.ThrowIfNull(split);
        var p = Spec.ParameterCount;
        if (parameters.Length != losses.Length * p)
        {
            throw new ArgumentException($"expected {losses.Length} x {p} parameters, got {parameters.Length}", nameof(parameters));
        }

        const int chunk = 64;
        for (var start = 0; start < losses.Length; start += chunk)
        {
            var count = Math.Min(chunk, losses.Length - start);
            var trainer = new EnsembleTrainer(Spec, count, split);
            for (var m = 0; m < count; m++)
            {
                trainer.SetParameters(m, parameters.Slice((start + m) * p, p));
            }

            trainer.MeasureCurrent();
            trainer.Losses.CopyTo(losses.Slice(start, count));
        }
    }

    /// <summary>
    /// The mean loss and its gradient with the trainer's batched kernels: the same arithmetic as a full-batch training step,
    /// so a gradient-descent step taken with it (as the Benettin twins and other map iterations do) lands on the bits the
    /// trainer would. It agrees with <see cref="ScalarGradient"/>, this class's own one-sample-at-a-time backpropagation,
    /// to rounding (tested).
    /// </summary>
    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        Check(w, split);
        CheckLength(gradient.Length, nameof(gradient));
        _kernels ??= new KernelDerivatives(Spec);
        return _kernels.Gradient(w, split, gradient);
    }

    /// <summary>
    /// The mean loss and its gradient by backpropagation one sample at a time with scalar code: independent of the kernels,
    /// the check of <see cref="Gradient"/> and of the trainer.
    /// </summary>
    internal double ScalarGradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        Check(w, split);
        CheckLength(gradient.Length, nameof(gradient));
        gradient.Clear();
        var sum = 0.0;
        var inv = 1.0 / split.Count;
        for (var n = 0; n < split.Count; n++)
        {
            Forward(w, split, n);
            sum += SampleLoss(split.Labels[n]);
            OutputDelta(split.Labels[n], inv);
            Backward(w, gradient);
        }

        return sum * inv;
    }

    /// <summary>
    /// The exact Hessian-vector product with the trainer's batched kernels (<see cref="MlpKernels.HessianVectorProduct"/>):
    /// the R-operator of the vectorised forward and backward passes, 10-14 times as fast as the scalar product. It agrees with
    /// <see cref="ScalarHessianVectorProduct"/>, this class's own one-sample-at-a-time product, to rounding (tested).
    /// </summary>
    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result)
    {
        Check(w, split);
        CheckLength(v.Length, nameof(v));
        CheckLength(result.Length, nameof(result));
        _kernels ??= new KernelDerivatives(Spec);
        _kernels.HessianVectorProduct(w, v, split, result);
    }

    /// <summary>
    /// The exact Hessian-vector product one sample at a time with scalar code (Pearlmutter's R-operator on
    /// <see cref="ScalarGradient"/>'s backpropagation): independent of the kernels, the check of <see cref="HessianVectorProduct"/>.
    /// </summary>
    internal void ScalarHessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result)
    {
        Check(w, split);
        CheckLength(v.Length, nameof(v));
        CheckLength(result.Length, nameof(result));
        result.Clear();
        var inv = 1.0 / split.Count;
        for (var n = 0; n < split.Count; n++)
        {
            Forward(w, split, n);
            RForward(w, v);
            OutputDelta(split.Labels[n], inv);
            ROutputDelta(inv);
            RBackward(w, v, result);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions)
    {
        Check(w, split);
        if (predictions.Length != split.Count)
        {
            throw new ArgumentException($"predictions: expected length {split.Count}.", nameof(predictions));
        }

        for (var n = 0; n < split.Count; n++)
        {
            Forward(w, split, n);
            var z = _z[_shape.Layers];
            var best = 0;
            for (var o = 1; o < z.Length; o++)
            {
                if (z[o] > z[best])
                {
                    best = o;
                }
            }

            predictions[n] = best;
        }
    }

    /// <summary>Fraction of rows of <paramref name="split"/> whose predicted class equals the label.</summary>
    public double Accuracy(ReadOnlySpan<double> w, DataSplit split)
    {
        var pred = new int[split.Count];
        Predict(w, split, pred);
        var correct = 0;
        for (var n = 0; n < pred.Length; n++)
        {
            correct += pred[n] == split.Labels[n] ? 1 : 0;
        }

        return (double)correct / split.Count;
    }

    /// <inheritdoc />
    public INetworkModel Clone() => new NetworkModel(Spec);

    private void Forward(ReadOnlySpan<double> w, DataSplit split, int n)
    {
        var d = split.FeatureCount;
        split.Features.AsSpan(n * d, d).CopyTo(_a[0]);
        Propagate(w, 0);
    }

    /// <summary>The forward pass from layer <paramref name="from"/>'s activations (in place) to the output logits.</summary>
    private void Propagate(ReadOnlySpan<double> w, int from)
    {
        var layers = _shape.Layers;
        for (var l = from; l < layers; l++)
        {
            int fi = _shape.Sizes[l], fo = _shape.Sizes[l + 1];
            var z = _z[l + 1];
            w.Slice(_shape.BiasOffset[l], fo).CopyTo(z);
            var wl = w.Slice(_shape.WeightOffset[l], fi * fo);
            var a = _a[l];
            for (var i = 0; i < fi; i++)
            {
                MultiplyAddInPlace(wl.Slice(i * fo, fo), a[i], z);
            }

            if (l + 1 < layers)
            {
                var an = _a[l + 1];
                for (var o = 0; o < fo; o++)
                {
                    an[o] = Activation(z[o]);
                }
            }
        }
    }

    private double SampleLoss(int label)
    {
        var z = _z[_shape.Layers];
        if (_shape.Output == OutputActivation.Softmax)
        {
            var max = z.Max();
            var sum = 0.0;
            foreach (var v in z)
            {
                sum += Math.Exp(v - max);
            }

            return Math.Log(sum) + max - z[label];
        }

        var loss = 0.0;
        for (var o = 0; o < z.Length; o++)
        {
            loss += Math.Max(z[o], 0) + Math.Log(1 + Math.Exp(-Math.Abs(z[o]))) - (o == label ? z[o] : 0);
        }

        return loss;
    }

    /// <summary>delta_L = (p - y) / N.</summary>
    private void OutputDelta(int label, double inv)
    {
        var z = _z[_shape.Layers];
        var d = _delta[_shape.Layers];
        Probabilities(z, d);
        d[label] -= 1;
        for (var o = 0; o < d.Length; o++)
        {
            d[o] *= inv;
        }
    }

    private void Probabilities(double[] z, double[] p)
    {
        if (_shape.Output == OutputActivation.Softmax)
        {
            var max = z.Max();
            var sum = 0.0;
            for (var o = 0; o < z.Length; o++)
            {
                p[o] = Math.Exp(z[o] - max);
                sum += p[o];
            }

            for (var o = 0; o < z.Length; o++)
            {
                p[o] /= sum;
            }
        }
        else
        {
            for (var o = 0; o < z.Length; o++)
            {
                p[o] = 1 / (1 + Math.Exp(-z[o]));
            }
        }
    }

    private void Backward(ReadOnlySpan<double> w, Span<double> g)
    {
        for (var l = _shape.Layers - 1; l >= 0; l--)
        {
            int fi = _shape.Sizes[l], fo = _shape.Sizes[l + 1];
            var d = _delta[l + 1];
            var a = _a[l];
            var gw = g.Slice(_shape.WeightOffset[l], fi * fo);
            for (var i = 0; i < fi; i++)
            {
                MultiplyAddInPlace(d, a[i], gw.Slice(i * fo, fo));
            }

            var gb = g.Slice(_shape.BiasOffset[l], fo);
            AddInPlace(d, gb);
            if (l > 0)
            {
                var wl = w.Slice(_shape.WeightOffset[l], fi * fo);
                var al = _a[l];
                var dp = _delta[l];
                for (var i = 0; i < fi; i++)
                {
                    dp[i] = TensorPrimitives.Dot(wl.Slice(i * fo, fo), d) * Derivative(al[i]);
                }
            }
        }
    }

    /// <summary>R-forward: Rz_l = Ra_{l-1} W_l + a_{l-1} V_l + Vb_l, Ra_l = f'(z_l) Rz_l, Ra_0 = 0.</summary>
    private void RForward(ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        Array.Clear(_ra[0]);
        for (var l = 0; l < _shape.Layers; l++)
        {
            int fi = _shape.Sizes[l], fo = _shape.Sizes[l + 1];
            var rz = _rz[l + 1];
            v.Slice(_shape.BiasOffset[l], fo).CopyTo(rz);
            var wl = w.Slice(_shape.WeightOffset[l], fi * fo);
            var vl = v.Slice(_shape.WeightOffset[l], fi * fo);
            for (var i = 0; i < fi; i++)
            {
                MultiplyAddInPlace(wl.Slice(i * fo, fo), _ra[l][i], rz);
                MultiplyAddInPlace(vl.Slice(i * fo, fo), _a[l][i], rz);
            }

            if (l + 1 < _shape.Layers)
            {
                var an = _a[l + 1];
                for (var o = 0; o < fo; o++)
                {
                    _ra[l + 1][o] = Derivative(an[o]) * rz[o];
                }
            }
        }
    }

    /// <summary>R(delta_L) = R(p) / N: softmax p (Rz - p.Rz); sigmoid p (1 - p) Rz.</summary>
    private void ROutputDelta(double inv)
    {
        var layers = _shape.Layers;
        var rz = _rz[layers];
        var rd = _rdelta[layers];
        Probabilities(_z[layers], rd);
        if (_shape.Output == OutputActivation.Softmax)
        {
            var dot = TensorPrimitives.Dot<double>(rd, rz);
            for (var o = 0; o < rd.Length; o++)
            {
                rd[o] = rd[o] * (rz[o] - dot) * inv;
            }
        }
        else
        {
            for (var o = 0; o < rd.Length; o++)
            {
                rd[o] = rd[o] * (1 - rd[o]) * rz[o] * inv;
            }
        }
    }

    private void RBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> h)
    {
        for (var l = _shape.Layers - 1; l >= 0; l--)
        {
            int fi = _shape.Sizes[l], fo = _shape.Sizes[l + 1];
            var d = _delta[l + 1];
            var rd = _rdelta[l + 1];
            var hw = h.Slice(_shape.WeightOffset[l], fi * fo);
            for (var i = 0; i < fi; i++)
            {
                var row = hw.Slice(i * fo, fo);
                MultiplyAddInPlace(d, _ra[l][i], row);
                MultiplyAddInPlace(rd, _a[l][i], row);
            }

            var hb = h.Slice(_shape.BiasOffset[l], fo);
            AddInPlace(rd, hb);
            if (l > 0)
            {
                var wl = w.Slice(_shape.WeightOffset[l], fi * fo);
                var vl = v.Slice(_shape.WeightOffset[l], fi * fo);
                var al = _a[l];
                for (var i = 0; i < fi; i++)
                {
                    var s = TensorPrimitives.Dot(wl.Slice(i * fo, fo), d);
                    var rs = TensorPrimitives.Dot(vl.Slice(i * fo, fo), d) + TensorPrimitives.Dot(wl.Slice(i * fo, fo), rd);
                    var f1 = Derivative(al[i]);
                    _delta[l][i] = s * f1;
                    _rdelta[l][i] = rs * f1 + s * SecondDerivative(al[i]) * _rz[l][i];
                }
            }
        }
    }

    /// <summary>
    /// z[o] = (x[o] * y) + z[o], multiply and add rounded separately like TensorPrimitives.MultiplyAdd, so the bits are
    /// the same; at these widths (a few to tens of units) the library call costs more than the loop.
    /// </summary>
    private static void MultiplyAddInPlace(ReadOnlySpan<double> x, double y, Span<double> z)
    {
        z = z[..x.Length];
        for (var o = 0; o < x.Length; o++)
        {
            z[o] = (x[o] * y) + z[o];
        }
    }

    /// <summary>z[o] += x[o].</summary>
    private static void AddInPlace(ReadOnlySpan<double> x, Span<double> z)
    {
        z = z[..x.Length];
        for (var o = 0; o < x.Length; o++)
        {
            z[o] += x[o];
        }
    }

    private double Activation(double z) => _shape.Hidden switch
    {
        HiddenActivation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        HiddenActivation.Tanh => Math.Tanh(z),
        _ => z > 0 ? z : 0,
    };

    /// <summary>
    /// f'(z) from the unit's output a = f(z), as the forward pass stored it: s (1 - s) for the sigmoid, 1 - t^2 for tanh,
    /// a &gt; 0 for ReLU. The forward pass computes a with the same expression this once computed again from z, so the
    /// bits are the same, without an exponential per call.
    /// </summary>
    private double Derivative(double a) => _shape.Hidden switch
    {
        HiddenActivation.Sigmoid => a * (1 - a),
        HiddenActivation.Tanh => 1 - a * a,
        _ => a > 0 ? 1 : 0,
    };

    /// <summary>f''(z) from the unit's output a = f(z): s (1 - s) (1 - 2 s), -2 t (1 - t^2), 0.</summary>
    private double SecondDerivative(double a) => _shape.Hidden switch
    {
        HiddenActivation.Sigmoid => a * (1 - a) * (1 - 2 * a),
        HiddenActivation.Tanh => -2 * a * (1 - a * a),
        _ => 0,
    };

    private void Check(ReadOnlySpan<double> w, DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        CheckLength(w.Length, nameof(w));
        if (split.FeatureCount != _shape.Inputs || split.ClassCount != _shape.Outputs)
        {
            throw new ArgumentException($"split: {split.FeatureCount} features / {split.ClassCount} classes, the network has {_shape.Inputs} inputs / {_shape.Outputs} outputs.", nameof(split));
        }

        if (split.Count == 0)
        {
            throw new ArgumentException("split: no rows.", nameof(split));
        }
    }

    private void CheckLength(int length, string name)
    {
        if (length != _shape.ParameterCount)
        {
            throw new ArgumentException($"{name}: expected length {_shape.ParameterCount}, got {length}.", name);
        }
    }
}
