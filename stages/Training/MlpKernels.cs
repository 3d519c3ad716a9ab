using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector512<double>;

namespace NetOrbit.Training;

/// <summary>
/// The fused float64 forward and backward pass of one network over a <see cref="SampleBlock"/>, vectorised across
/// samples (8 per vector). Activations are kept feature-major; the deltas of each layer overwrite its activations in
/// place. Every reduction runs in a fixed order, so results depend only on the inputs, never on threads.
/// </summary>
internal static class MlpKernels
{
    private const int L = SampleBlock.Lanes;

    /// <summary>Per-layer activation buffers (layer l = 1..L stored at index l - 1), [unit][sample] with the block's stride.</summary>
    public static double[][] CreateActivations(MlpShape shape, int capacity)
    {
        var a = new double[shape.Layers][];
        for (var l = 0; l < shape.Layers; l++)
        {
            a[l] = new double[shape.Sizes[l + 1] * capacity];
        }

        return a;
    }

    /// <summary>
    /// Loss and correct count at <paramref name="w"/> over <paramref name="block"/>; when <paramref name="gradient"/> is
    /// non-empty also the exact gradient of the mean loss. Returns the mean loss.
    /// </summary>
    public static double Run(MlpShape shape, ReadOnlySpan<double> w, SampleBlock block, double[][] act, Span<double> gradient, out int correct)
    {
        var np = block.Padded;
        var cap = block.Capacity;
        var layers = shape.Layers;
        var sizes = shape.Sizes;

        // Forward.
        for (var l = 0; l < layers; l++)
        {
            var input = l == 0 ? block.X : act[l - 1];
            int fi = sizes[l], fo = sizes[l + 1];
            var mode = l + 1 < layers ? ForwardMode(shape.Hidden) : Epilogue.Bias;
            Gemm(w.Slice(shape.WeightOffset[l], fi * fo), 1, fo, fi, w.Slice(shape.BiasOffset[l], fo), input, act[l], fo, cap, np, mode);
            if (mode == Epilogue.Bias && l + 1 < layers && shape.Hidden == HiddenActivation.Tanh)
            {
                for (var r = 0; r < fo; r++)
                {
                    var row = act[l].AsSpan(r * cap, np);
                    TensorPrimitives.Tanh(row, row);
                }
            }
        }

        // Loss, accuracy and the output delta (written over the logits).
        var scale = 1.0 / block.Count;
        var lossSum = shape.Output == OutputActivation.Softmax
            ? SoftmaxLoss(act[layers - 1], block, sizes[layers], scale, out correct)
            : SigmoidLoss(act[layers - 1], block, sizes[layers], scale, out correct);
        var loss = lossSum * scale;
        if (gradient.IsEmpty)
        {
            return loss;
        }

        // Backward: gradient of layer l from its input activations and its delta, then the delta of layer l - 1.
        for (var l = layers - 1; l >= 0; l--)
        {
            var input = l == 0 ? block.X : act[l - 1];
            int fi = sizes[l], fo = sizes[l + 1];
            GradientGemm(input, act[l], fi, fo, cap, np, gradient.Slice(shape.WeightOffset[l], fi * fo), gradient.Slice(shape.BiasOffset[l], fo));
            if (l > 0)
            {
                Gemm(w.Slice(shape.WeightOffset[l], fi * fo), fo, 1, fo, default, act[l], act[l - 1], fi, cap, np, BackwardMode(shape.Hidden));
            }
        }

        return loss;
    }

    private enum Epilogue
    {
        Bias,
        BiasSigmoid,
        BiasRelu,
        DerivSigmoid,
        DerivTanh,
        DerivRelu,
    }

    private static Epilogue ForwardMode(HiddenActivation h) => h switch
    {
        HiddenActivation.Sigmoid => Epilogue.BiasSigmoid,
        HiddenActivation.Relu => Epilogue.BiasRelu,
        _ => Epilogue.Bias,
    };

    private static Epilogue BackwardMode(HiddenActivation h) => h switch
    {
        HiddenActivation.Sigmoid => Epilogue.DerivSigmoid,
        HiddenActivation.Tanh => Epilogue.DerivTanh,
        _ => Epilogue.DerivRelu,
    };

    /// <summary>
    /// out[r][n] = epilogue(sum_k m[r*rs + k*ks] * input[k][n]) for r &lt; rows, k &lt; inner, n &lt; np; rows of
    /// input and output have stride cap. Forward: m = W, rs = 1, ks = fan_out, plus bias. Backward: m = W, rs = fan_out, ks = 1,
    /// times the activation derivative read from the output buffer itself (the delta replaces the activation).
    /// </summary>
    private static void Gemm(ReadOnlySpan<double> m, int rs, int ks, int inner, ReadOnlySpan<double> bias, double[] input, double[] output, int rows, int cap, int np, Epilogue mode)
    {
        ref var mp = ref MemoryMarshal.GetReference(m);
        ref var bp = ref MemoryMarshal.GetReference(bias);
        ref var ip = ref MemoryMarshal.GetArrayDataReference(input);
        ref var op = ref MemoryMarshal.GetArrayDataReference(output);
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref var m0 = ref Unsafe.Add(ref mp, r * rs);
            ref var m1 = ref Unsafe.Add(ref mp, (r + 1) * rs);
            ref var m2 = ref Unsafe.Add(ref mp, (r + 2) * rs);
            ref var m3 = ref Unsafe.Add(ref mp, (r + 3) * rs);
            for (var n = 0; n < np; n += L)
            {
                V a0, a1, a2, a3;
                if (bias.IsEmpty)
                {
                    a0 = a1 = a2 = a3 = V.Zero;
                }
                else
                {
                    a0 = Vector512.Create(Unsafe.Add(ref bp, r));
                    a1 = Vector512.Create(Unsafe.Add(ref bp, r + 1));
                    a2 = Vector512.Create(Unsafe.Add(ref bp, r + 2));
                    a3 = Vector512.Create(Unsafe.Add(ref bp, r + 3));
                }

                for (var k = 0; k < inner; k++)
                {
                    var x = Vector512.LoadUnsafe(ref ip, (nuint)(k * cap + n));
                    var o = k * ks;
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref m0, o)), x, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref m1, o)), x, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref m2, o)), x, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref m3, o)), x, a3);
                }

                Store(ref op, r * cap + n, a0, mode);
                Store(ref op, (r + 1) * cap + n, a1, mode);
                Store(ref op, (r + 2) * cap + n, a2, mode);
                Store(ref op, (r + 3) * cap + n, a3, mode);
            }
        }

        for (; r < rows; r++)
        {
            ref var m0 = ref Unsafe.Add(ref mp, r * rs);
            var b0 = bias.IsEmpty ? V.Zero : Vector512.Create(Unsafe.Add(ref bp, r));
            for (var n = 0; n < np; n += L)
            {
                var a0 = b0;
                for (var k = 0; k < inner; k++)
                {
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref m0, k * ks)), Vector512.LoadUnsafe(ref ip, (nuint)(k * cap + n)), a0);
                }

                Store(ref op, r * cap + n, a0, mode);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double op, int index, V z, Epilogue mode)
    {
        switch (mode)
        {
            case Epilogue.Bias:
                break;
            case Epilogue.BiasSigmoid:
                z = VectorMath.Sigmoid(z);
                break;
            case Epilogue.BiasRelu:
                z = Vector512.Max(z, V.Zero);
                break;
            case Epilogue.DerivSigmoid:
                {
                    var a = Vector512.LoadUnsafe(ref op, (nuint)index);
                    z *= a * (V.One - a);
                    break;
                }

            case Epilogue.DerivTanh:
                {
                    var a = Vector512.LoadUnsafe(ref op, (nuint)index);
                    z *= V.One - a * a;
                    break;
                }

            default:
                {
                    var a = Vector512.LoadUnsafe(ref op, (nuint)index);
                    z = Vector512.ConditionalSelect(Vector512.GreaterThan(a, V.Zero), z, V.Zero);
                    break;
                }
        }

        z.StoreUnsafe(ref op, (nuint)index);
    }

    /// <summary>g[i*fo + o] = sum_n a[i][n] d[o][n]; gb[o] = sum_n d[o][n] (per-lane partial sums, then a fixed lane order).</summary>
    private static void GradientGemm(double[] a, double[] d, int fi, int fo, int cap, int np, Span<double> g, Span<double> gb)
    {
        ref var ap = ref MemoryMarshal.GetArrayDataReference(a);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(d);
        for (var i = 0; i < fi; i++)
        {
            var ai = i * cap;
            var o = 0;
            for (; o + 4 <= fo; o += 4)
            {
                V s0 = V.Zero, s1 = V.Zero, s2 = V.Zero, s3 = V.Zero;
                for (var n = 0; n < np; n += L)
                {
                    var x = Vector512.LoadUnsafe(ref ap, (nuint)(ai + n));
                    s0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref dp, (nuint)(o * cap + n)), s0);
                    s1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref dp, (nuint)((o + 1) * cap + n)), s1);
                    s2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref dp, (nuint)((o + 2) * cap + n)), s2);
                    s3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref dp, (nuint)((o + 3) * cap + n)), s3);
                }

                g[i * fo + o] = VectorMath.HorizontalSum(s0);
                g[i * fo + o + 1] = VectorMath.HorizontalSum(s1);
                g[i * fo + o + 2] = VectorMath.HorizontalSum(s2);
                g[i * fo + o + 3] = VectorMath.HorizontalSum(s3);
            }

            for (; o < fo; o++)
            {
                var s0 = V.Zero;
                for (var n = 0; n < np; n += L)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ap, (nuint)(ai + n)), Vector512.LoadUnsafe(ref dp, (nuint)(o * cap + n)), s0);
                }

                g[i * fo + o] = VectorMath.HorizontalSum(s0);
            }
        }

        for (var o = 0; o < fo; o++)
        {
            var s0 = V.Zero;
            for (var n = 0; n < np; n += L)
            {
                s0 += Vector512.LoadUnsafe(ref dp, (nuint)(o * cap + n));
            }

            gb[o] = VectorMath.HorizontalSum(s0);
        }
    }

    /// <summary>Softmax cross-entropy: returns the summed loss, counts correct rows, writes (p - y) * scale over the logits.</summary>
    private static double SoftmaxLoss(double[] z, SampleBlock block, int classes, double scale, out int correct)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var yp = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var cap = block.Capacity;
        var np = block.Padded;
        var vscale = Vector512.Create(scale);
        var lossAcc = V.Zero;
        var correctAcc = V.Zero;
        for (var n = 0; n < np; n += L)
        {
            var label = Vector512.LoadUnsafe(ref lp, (nuint)n);
            var valid = Vector512.GreaterThanOrEqual(label, V.Zero);
            var zmax = Vector512.LoadUnsafe(ref zp, (nuint)n);
            var arg = V.Zero;
            var zy = Vector512.LoadUnsafe(ref yp, (nuint)n) * zmax;
            for (var o = 1; o < classes; o++)
            {
                var zo = Vector512.LoadUnsafe(ref zp, (nuint)(o * cap + n));
                var gt = Vector512.GreaterThan(zo, zmax);
                zmax = Vector512.ConditionalSelect(gt, zo, zmax);
                arg = Vector512.ConditionalSelect(gt, Vector512.Create((double)o), arg);
                zy = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yp, (nuint)(o * cap + n)), zo, zy);
            }

            var sum = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var e = VectorMath.Exp(Vector512.LoadUnsafe(ref zp, idx) - zmax);
                e.StoreUnsafe(ref zp, idx);
                sum += e;
            }

            var inv = V.One / sum;
            var scaleLanes = Vector512.ConditionalSelect(valid, vscale, V.Zero);
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var p = Vector512.LoadUnsafe(ref zp, idx) * inv;
                ((p - Vector512.LoadUnsafe(ref yp, idx)) * scaleLanes).StoreUnsafe(ref zp, idx);
            }

            var rowLoss = VectorMath.Log(sum) + zmax - zy;
            lossAcc += Vector512.ConditionalSelect(valid, rowLoss, V.Zero);
            correctAcc += Vector512.ConditionalSelect(Vector512.Equals(arg, label), V.One, V.Zero);
        }

        correct = (int)VectorMath.HorizontalSum(correctAcc);
        return VectorMath.HorizontalSum(lossAcc);
    }

    /// <summary>Sigmoid outputs with binary cross-entropy summed over outputs; same contract as <see cref="SoftmaxLoss"/>.</summary>
    private static double SigmoidLoss(double[] z, SampleBlock block, int classes, double scale, out int correct)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var yp = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var cap = block.Capacity;
        var np = block.Padded;
        var vscale = Vector512.Create(scale);
        var lossAcc = V.Zero;
        var correctAcc = V.Zero;
        for (var n = 0; n < np; n += L)
        {
            var label = Vector512.LoadUnsafe(ref lp, (nuint)n);
            var valid = Vector512.GreaterThanOrEqual(label, V.Zero);
            var scaleLanes = Vector512.ConditionalSelect(valid, vscale, V.Zero);
            var zmax = Vector512.LoadUnsafe(ref zp, (nuint)n);
            var arg = V.Zero;
            var rowLoss = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var zo = Vector512.LoadUnsafe(ref zp, idx);
                if (o > 0)
                {
                    var gt = Vector512.GreaterThan(zo, zmax);
                    zmax = Vector512.ConditionalSelect(gt, zo, zmax);
                    arg = Vector512.ConditionalSelect(gt, Vector512.Create((double)o), arg);
                }

                var y = Vector512.LoadUnsafe(ref yp, idx);
                var e = VectorMath.Exp(-Vector512.Abs(zo));
                var onePlus = V.One + e;
                var p = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(zo, V.Zero), V.One, e) / onePlus;

                // softplus(z) - y z = max(z, 0) + ln(1 + e^-|z|) - y z.
                rowLoss += Vector512.Max(zo, V.Zero) + VectorMath.Log(onePlus) - y * zo;
                ((p - y) * scaleLanes).StoreUnsafe(ref zp, idx);
            }

            lossAcc += Vector512.ConditionalSelect(valid, rowLoss, V.Zero);
            correctAcc += Vector512.ConditionalSelect(Vector512.Equals(arg, label), V.One, V.Zero);
        }

        correct = (int)VectorMath.HorizontalSum(correctAcc);
        return VectorMath.HorizontalSum(lossAcc);
    }
}
