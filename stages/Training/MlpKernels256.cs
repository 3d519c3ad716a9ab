// Generated from MlpKernels.cs by generate-kernels256.sh; do not edit.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace NetOrbit.Training;

/// <summary>
/// The fused float64 forward and backward pass of one network over a <see cref="SampleBlock"/>, vectorised across
/// samples (8 per vector). Activations and deltas are kept feature-major ([unit][sample], stride = block capacity).
/// Matrix products run in register tiles (5, 4, 3, 2 or 1 rows x 2 vectors; 4 x 4, 4 x 3, 4 x 2, 4 x 1 for the weight gradient);
/// where a dimension is not a multiple of the tile the last tile is shifted back to overlap the previous one, which
/// recomputes a few outputs with identical inputs and order and so leaves them bit-identical. Every reduction runs in
/// a fixed order, so results depend only on the inputs, never on threads.
/// </summary>
internal static class MlpKernels256
{
    private const int L = SampleBlock.Lanes / 2;

    /// <summary>Activation and delta buffers of every layer 1..L (index l - 1), each n_l x capacity.</summary>
    public static MlpBuffers CreateBuffers(MlpShape shape, int capacity)
    {
        var a = new double[shape.Layers][];
        var d = new double[shape.Layers][];
        for (var l = 0; l < shape.Layers; l++)
        {
            a[l] = new double[shape.Sizes[l + 1] * capacity];
            d[l] = new double[shape.Sizes[l + 1] * capacity];
        }

        return new MlpBuffers(a, d);
    }

    /// <summary>
    /// Loss and correct count at <paramref name="w"/> over <paramref name="block"/>; when <paramref name="gradient"/> is
    /// non-empty also the exact gradient of the mean loss. Returns the mean loss.
    /// </summary>
    public static double Run(MlpShape shape, ReadOnlySpan<double> w, SampleBlock block, MlpBuffers buffers, Span<double> gradient, out int correct)
    {
        var np = block.Padded;
        var cap = block.Capacity;
        var layers = shape.Layers;
        var sizes = shape.Sizes;
        var act = buffers.Activations;
        var delta = buffers.Deltas;

        // Forward.
        for (var l = 0; l < layers; l++)
        {
            var input = l == 0 ? block.X : act[l - 1];
            int fi = sizes[l], fo = sizes[l + 1];
            var mode = l + 1 < layers ? ForwardMode(shape.Hidden) : Epilogue.Bias;
            Gemm(w.Slice(shape.WeightOffset[l], fi * fo), 1, fo, fi, w.Slice(shape.BiasOffset[l], fo), input, act[l], null, fo, cap, np, mode);
            if (mode == Epilogue.Bias && l + 1 < layers && shape.Hidden == HiddenActivation.Tanh)
            {
                for (var r = 0; r < fo; r++)
                {
                    VectorMath256.TanhInPlace(act[l].AsSpan(r * cap, np));
                }
            }
        }

        // Loss, accuracy and the output delta.
        var scale = 1.0 / block.Count;
        var lossSum = shape.Output == OutputActivation.Softmax
            ? SoftmaxLoss(act[layers - 1], delta[layers - 1], block, sizes[layers], scale, out correct)
            : SigmoidLoss(act[layers - 1], delta[layers - 1], block, sizes[layers], scale, out correct);
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
            GradientGemm(input, delta[l], fi, fo, cap, np, gradient.Slice(shape.WeightOffset[l], fi * fo), gradient.Slice(shape.BiasOffset[l], fo));
            if (l > 0)
            {
                Gemm(w.Slice(shape.WeightOffset[l], fi * fo), fo, 1, fo, default, delta[l], delta[l - 1], act[l - 1], fi, cap, np, BackwardMode(shape.Hidden));
            }
        }

        return loss;
    }

    /// <summary>
    /// The exact product of the Hessian of the mean loss over <paramref name="block"/> at <paramref name="w"/> with
    /// <paramref name="v"/>, into <paramref name="result"/>: Pearlmutter's R-operator applied to <see cref="Run"/>'s forward
    /// and backward passes (forward over reverse), with the same batched products: a forward, an R-forward, a backward and an R-backward pass. The
    /// one-sample-at-a-time NetworkModel computes the same product independently, and the two agree to rounding (tested).
    /// </summary>
    public static void HessianVectorProduct(MlpShape shape, ReadOnlySpan<double> w, ReadOnlySpan<double> v, SampleBlock block, MlpBuffers buffers, MlpRBuffers r, Span<double> result)
    {
        // Activations of every layer, and the output delta (p - y) / N in valid lanes (zero in padding lanes).
        Run(shape, w, block, buffers, default, out _);
        var np = block.Padded;
        var cap = block.Capacity;
        var layers = shape.Layers;
        var sizes = shape.Sizes;
        var act = buffers.Activations;
        var delta = buffers.Deltas;

        // R-forward: Rz_l = V_l a_(l-1) + Vb_l + W_l Ra_(l-1) with Ra_0 = 0; Ra_l = f'(z_l) Rz_l.
        for (var l = 0; l < layers; l++)
        {
            var input = l == 0 ? block.X : act[l - 1];
            int fi = sizes[l], fo = sizes[l + 1];
            Gemm(v.Slice(shape.WeightOffset[l], fi * fo), 1, fo, fi, v.Slice(shape.BiasOffset[l], fo), input, r.Rz[l], null, fo, cap, np, Epilogue.Bias);
            if (l > 0)
            {
                Gemm(w.Slice(shape.WeightOffset[l], fi * fo), 1, fo, fi, default, r.Ra[l - 1], r.T1, null, fo, cap, np, Epilogue.Bias);
                AddRows(r.T1, r.Rz[l], fo, cap, np);
            }

            if (l + 1 < layers)
            {
                RActivation(shape.Hidden, act[l], r.Rz[l], r.Ra[l], fo, cap, np);
            }
        }

        ROutputDelta(shape.Output, act[layers - 1], r.Rz[layers - 1], r.RDelta[layers - 1], block, sizes[layers], 1.0 / block.Count);

        // R-backward: H_W_l = sum_n R(delta_l) a_(l-1)^T + delta_l R(a_(l-1))^T, H_b_l = sum_n R(delta_l);
        // R(delta_(l-1)) = (W_l^T R(delta_l) + V_l^T delta_l) f'(z) + (W_l^T delta_l) f''(z) Rz.
        for (var l = layers - 1; l >= 0; l--)
        {
            var input = l == 0 ? block.X : act[l - 1];
            int fi = sizes[l], fo = sizes[l + 1];
            var hw = result.Slice(shape.WeightOffset[l], fi * fo);
            GradientGemm(input, r.RDelta[l], fi, fo, cap, np, hw, result.Slice(shape.BiasOffset[l], fo));
            if (l == 0)
            {
                break;
            }

            var extra = r.Product.AsSpan(0, fi * fo);
            GradientGemm(r.Ra[l - 1], delta[l], fi, fo, cap, np, extra, r.ProductBias.AsSpan(0, fo));
            TensorPrimitives.Add(hw, extra, hw);
            var wl = w.Slice(shape.WeightOffset[l], fi * fo);
            Gemm(wl, fo, 1, fo, default, delta[l], r.S, null, fi, cap, np, Epilogue.Bias);
            Gemm(wl, fo, 1, fo, default, r.RDelta[l], r.T1, null, fi, cap, np, Epilogue.Bias);
            Gemm(v.Slice(shape.WeightOffset[l], fi * fo), fo, 1, fo, default, delta[l], r.T2, null, fi, cap, np, Epilogue.Bias);
            RHiddenDelta(shape.Hidden, act[l - 1], r.Rz[l - 1], r.S, r.T1, r.T2, delta[l - 1], r.RDelta[l - 1], fi, cap, np);
        }
    }

    /// <summary>y[r][n] += x[r][n] for r &lt; rows, n &lt; np.</summary>
    private static void AddRows(double[] x, double[] y, int rows, int cap, int np)
    {
        for (var i = 0; i < rows; i++)
        {
            var row = y.AsSpan(i * cap, np);
            TensorPrimitives.Add(row, x.AsSpan(i * cap, np), row);
        }
    }

    /// <summary>Ra = f'(z) Rz, f' from the layer's outputs a as in the backward pass's epilogues.</summary>
    private static void RActivation(HiddenActivation h, double[] a, double[] rz, double[] ra, int rows, int cap, int np)
    {
        ref var ap = ref MemoryMarshal.GetArrayDataReference(a);
        ref var zp = ref MemoryMarshal.GetArrayDataReference(rz);
        ref var op = ref MemoryMarshal.GetArrayDataReference(ra);
        for (var i = 0; i < rows; i++)
        {
            for (var n = i * cap; n < (i * cap) + np; n += L)
            {
                var z = Vector256.LoadUnsafe(ref zp, (nuint)n);
                var y = h switch
                {
                    HiddenActivation.Sigmoid => DerivSigmoid.Apply(z, ref ap, n),
                    HiddenActivation.Tanh => DerivTanh.Apply(z, ref ap, n),
                    _ => DerivRelu.Apply(z, ref ap, n),
                };
                y.StoreUnsafe(ref op, (nuint)n);
            }
        }
    }

    /// <summary>
    /// R(delta_L) = R(p) / N in valid lanes, zero in padding lanes: softmax p (Rz - p . Rz), sigmoid outputs p (1 - p) Rz,
    /// with p recomputed from the logits <paramref name="z"/> as the loss computes it.
    /// </summary>
    private static void ROutputDelta(OutputActivation output, double[] z, double[] rz, double[] rd, SampleBlock block, int classes, double scale)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var rp = ref MemoryMarshal.GetArrayDataReference(rz);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(rd);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var cap = block.Capacity;
        var vscale = Vector256.Create(scale);
        for (var n = 0; n < block.Padded; n += L)
        {
            var valid = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref lp, (nuint)n), V.Zero);
            var scaleLanes = Vector256.ConditionalSelect(valid, vscale, V.Zero);
            if (output == OutputActivation.Sigmoid)
            {
                for (var o = 0; o < classes; o++)
                {
                    var i = (nuint)((o * cap) + n);
                    var p = VectorMath256.Sigmoid(Vector256.LoadUnsafe(ref zp, i));
                    (p * (V.One - p) * Vector256.LoadUnsafe(ref rp, i) * scaleLanes).StoreUnsafe(ref dp, i);
                }

                continue;
            }

            var zmax = Vector256.LoadUnsafe(ref zp, (nuint)n);
            for (var o = 1; o < classes; o++)
            {
                zmax = Vector256.Max(zmax, Vector256.LoadUnsafe(ref zp, (nuint)((o * cap) + n)));
            }

            var sum = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var i = (nuint)((o * cap) + n);
                var e = VectorMath256.ExpNonPositive(Vector256.LoadUnsafe(ref zp, i) - zmax);
                e.StoreUnsafe(ref dp, i);
                sum += e;
            }

            var inv = V.One / sum;
            var dot = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var i = (nuint)((o * cap) + n);
                var p = Vector256.LoadUnsafe(ref dp, i) * inv;
                p.StoreUnsafe(ref dp, i);
                dot = Vector256.FusedMultiplyAdd(p, Vector256.LoadUnsafe(ref rp, i), dot);
            }

            for (var o = 0; o < classes; o++)
            {
                var i = (nuint)((o * cap) + n);
                (Vector256.LoadUnsafe(ref dp, i) * (Vector256.LoadUnsafe(ref rp, i) - dot) * scaleLanes).StoreUnsafe(ref dp, i);
            }
        }
    }

    /// <summary>
    /// delta = s f'(z) and R(delta) = r1 f'(z) + r2 f'(z) + s f''(z) Rz of a hidden layer from s = W^T delta_next,
    /// r1 = W^T R(delta_next), r2 = V^T delta_next, with f' and f'' from the layer's outputs a.
    /// </summary>
    private static void RHiddenDelta(HiddenActivation h, double[] a, double[] rz, double[] s, double[] r1, double[] r2, double[] delta, double[] rdelta, int rows, int cap, int np)
    {
        ref var ap = ref MemoryMarshal.GetArrayDataReference(a);
        ref var zp = ref MemoryMarshal.GetArrayDataReference(rz);
        ref var sp = ref MemoryMarshal.GetArrayDataReference(s);
        ref var p1 = ref MemoryMarshal.GetArrayDataReference(r1);
        ref var p2 = ref MemoryMarshal.GetArrayDataReference(r2);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(delta);
        ref var rp = ref MemoryMarshal.GetArrayDataReference(rdelta);
        var two = Vector256.Create(2.0);
        for (var i = 0; i < rows; i++)
        {
            for (var n = (nuint)(i * cap); n < (nuint)((i * cap) + np); n += L)
            {
                var av = Vector256.LoadUnsafe(ref ap, n);
                var sv = Vector256.LoadUnsafe(ref sp, n);
                var (d1, d2) = h switch
                {
                    HiddenActivation.Sigmoid => (av * (V.One - av), av * (V.One - av) * (V.One - (two * av))),
                    HiddenActivation.Tanh => (V.One - (av * av), -two * av * (V.One - (av * av))),
                    _ => (Vector256.ConditionalSelect(Vector256.GreaterThan(av, V.Zero), V.One, V.Zero), V.Zero),
                };
                (sv * d1).StoreUnsafe(ref dp, n);
                var rs = Vector256.LoadUnsafe(ref p1, n) + Vector256.LoadUnsafe(ref p2, n);
                ((rs * d1) + (sv * d2 * Vector256.LoadUnsafe(ref zp, n))).StoreUnsafe(ref rp, n);
            }
        }
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
    /// out[r][n] = epilogue(sum_k m[r*rs + k*ks] * input[k][n]) for r &lt; rows, k &lt; inner, n &lt; np (np a multiple
    /// of 8, at least 16). Forward: m = W, rs = 1, ks = fan_out, plus bias, then the activation. Backward: m = W,
    /// rs = fan_out, ks = 1, times the activation derivative computed from <paramref name="act"/> (the layer's outputs).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Gemm(ReadOnlySpan<double> m, int rs, int ks, int inner, ReadOnlySpan<double> bias, double[] input, double[] output, double[]? act, int rows, int cap, int np, Epilogue mode)
    {
        var t = new GemmArgs
        {
            M = ref MemoryMarshal.GetReference(m),
            Bias = ref MemoryMarshal.GetReference(bias),
            HasBias = !bias.IsEmpty,
            In = ref MemoryMarshal.GetArrayDataReference(input),
            Out = ref MemoryMarshal.GetArrayDataReference(output),
            Act = ref act is null ? ref Unsafe.NullRef<double>() : ref MemoryMarshal.GetArrayDataReference(act),
            Rs = rs,
            Ks = ks,
            Inner = inner,
            Cap = cap,
        };
        switch (mode)
        {
            case Epilogue.Bias:
                Tiles<BiasOnly>(ref t, rows, np);
                break;
            case Epilogue.BiasSigmoid:
                Tiles<BiasSigmoid>(ref t, rows, np);
                break;
            case Epilogue.BiasRelu:
                Tiles<BiasRelu>(ref t, rows, np);
                break;
            case Epilogue.DerivSigmoid:
                Tiles<DerivSigmoid>(ref t, rows, np);
                break;
            case Epilogue.DerivTanh:
                Tiles<DerivTanh>(ref t, rows, np);
                break;
            default:
                Tiles<DerivRelu>(ref t, rows, np);
                break;
        }
    }

    /// <summary>The register tiles of <see cref="Gemm"/> over every row, with epilogue <typeparamref name="TE"/>.</summary>
    private static void Tiles<TE>(ref GemmArgs t, int rows, int np)
        where TE : struct, IEpilogue
    {
        var tile = TileHeight(rows);
        for (var r0 = 0; ; r0 += tile)
        {
            var r = Math.Min(r0, rows - tile);
            // A shifted edge tile recomputes rows (and each tile its last vector pair) already stored: their epilogue is skipped.
            t.SkipRows = r0 - r;
            switch (tile)
            {
                case 5:
                    Tile5<TE>(ref t, r, np);
                    break;
                case 4:
                    Tile4<TE>(ref t, r, np);
                    break;
                case 3:
                    if (np >= 4 * L)
                    {
                        Tile3Wide<TE>(ref t, r, np);
                    }
                    else
                    {
                        Tile3<TE>(ref t, r, np);
                    }

                    break;
                case 2:
                    Tile2<TE>(ref t, r, np);
                    break;
                default:
                    Tile1<TE>(ref t, r, np);
                    break;
            }

            if (r0 + tile >= rows)
            {
                break;
            }
        }
    }

    private ref struct GemmArgs
    {
        public ref double M;
        public ref double Bias;
        public bool HasBias;
        public ref double In;
        public ref double Out;
        public ref double Act;
        public int Rs;
        public int Ks;
        public int Inner;
        public int Cap;
        public int SkipRows;
        public bool SkipVector;
    }

    /// <summary>Rows per register tile: 5, 4 or 3 (whichever recomputes fewest rows at the edge, larger on ties) for 3 or more rows.</summary>
    private static int TileHeight(int rows)
    {
        if (rows < 3)
        {
            return rows;
        }

        var best = 0;
        var bestWaste = int.MaxValue;
        for (var h = 5; h >= 3; h--)
        {
            if (h > rows)
            {
                continue;
            }

            var waste = ((rows + h - 1) / h * h) - rows;
            if (waste < bestWaste)
            {
                best = h;
                bestWaste = waste;
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile5<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        ref var m1 = ref Unsafe.Add(ref t.M, (r + 1) * t.Rs);
        ref var m2 = ref Unsafe.Add(ref t.M, (r + 2) * t.Rs);
        ref var m3 = ref Unsafe.Add(ref t.M, (r + 3) * t.Rs);
        ref var m4 = ref Unsafe.Add(ref t.M, (r + 4) * t.Rs);
        V c0 = V.Zero, c1 = V.Zero, c2 = V.Zero, c3 = V.Zero, c4 = V.Zero;
        if (t.HasBias)
        {
            c0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
            c1 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 1));
            c2 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 2));
            c3 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 3));
            c4 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 4));
        }

        for (var n0 = 0; ; n0 += 2 * L)
        {
            var n = Math.Min(n0, np - 2 * L);
            t.SkipVector = n < n0;
            V a0 = c0, a1 = c1, a2 = c2, a3 = c3, a4 = c4;
            V b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            var ks = t.Ks;
            var cap = t.Cap;
            for (var k = 0; k < t.Inner; k++)
            {
                var x = Vector256.LoadUnsafe(ref ip);
                var y = Vector256.LoadUnsafe(ref ip, (nuint)L);
                var o = k * ks;
                var w0 = Vector256.Create(Unsafe.Add(ref m0, o));
                var w1 = Vector256.Create(Unsafe.Add(ref m1, o));
                var w2 = Vector256.Create(Unsafe.Add(ref m2, o));
                var w3 = Vector256.Create(Unsafe.Add(ref m3, o));
                var w4 = Vector256.Create(Unsafe.Add(ref m4, o));
                a0 = Vector256.FusedMultiplyAdd(w0, x, a0);
                b0 = Vector256.FusedMultiplyAdd(w0, y, b0);
                a1 = Vector256.FusedMultiplyAdd(w1, x, a1);
                b1 = Vector256.FusedMultiplyAdd(w1, y, b1);
                a2 = Vector256.FusedMultiplyAdd(w2, x, a2);
                b2 = Vector256.FusedMultiplyAdd(w2, y, b2);
                a3 = Vector256.FusedMultiplyAdd(w3, x, a3);
                b3 = Vector256.FusedMultiplyAdd(w3, y, b3);
                a4 = Vector256.FusedMultiplyAdd(w4, x, a4);
                b4 = Vector256.FusedMultiplyAdd(w4, y, b4);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            var skip = t.SkipRows;
            if (skip < 1)
            {
                Store<TE>(ref t, r * cap + n, a0, b0);
            }

            if (skip < 2)
            {
                Store<TE>(ref t, (r + 1) * cap + n, a1, b1);
            }

            if (skip < 3)
            {
                Store<TE>(ref t, (r + 2) * cap + n, a2, b2);
            }

            if (skip < 4)
            {
                Store<TE>(ref t, (r + 3) * cap + n, a3, b3);
            }

            Store<TE>(ref t, (r + 4) * cap + n, a4, b4);

            if (n0 + 2 * L >= np)
            {
                break;
            }
        }
    }

    /// <summary>3 rows x 4 vectors: 12 independent sums and half the weight broadcasts per product of <see cref="Tile3"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile3Wide<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        ref var m1 = ref Unsafe.Add(ref t.M, (r + 1) * t.Rs);
        ref var m2 = ref Unsafe.Add(ref t.M, (r + 2) * t.Rs);
        var ks = t.Ks;
        var cap = t.Cap;
        var inner = t.Inner;
        V i0 = V.Zero, i1 = V.Zero, i2 = V.Zero;
        if (t.HasBias)
        {
            i0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
            i1 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 1));
            i2 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 2));
        }

        for (var n0 = 0; ; n0 += 4 * L)
        {
            var n = Math.Min(n0, np - (4 * L));
            V a0 = i0, b0 = i0, c0 = i0, d0 = i0;
            V a1 = i1, b1 = i1, c1 = i1, d1 = i1;
            V a2 = i2, b2 = i2, c2 = i2, d2 = i2;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            for (var k = 0; k < inner; k++)
            {
                var x0 = Vector256.LoadUnsafe(ref ip);
                var x1 = Vector256.LoadUnsafe(ref ip, (nuint)L);
                var x2 = Vector256.LoadUnsafe(ref ip, (nuint)(2 * L));
                var x3 = Vector256.LoadUnsafe(ref ip, (nuint)(3 * L));
                var o = k * ks;
                var w = Vector256.Create(Unsafe.Add(ref m0, o));
                a0 = Vector256.FusedMultiplyAdd(w, x0, a0);
                b0 = Vector256.FusedMultiplyAdd(w, x1, b0);
                c0 = Vector256.FusedMultiplyAdd(w, x2, c0);
                d0 = Vector256.FusedMultiplyAdd(w, x3, d0);
                w = Vector256.Create(Unsafe.Add(ref m1, o));
                a1 = Vector256.FusedMultiplyAdd(w, x0, a1);
                b1 = Vector256.FusedMultiplyAdd(w, x1, b1);
                c1 = Vector256.FusedMultiplyAdd(w, x2, c1);
                d1 = Vector256.FusedMultiplyAdd(w, x3, d1);
                w = Vector256.Create(Unsafe.Add(ref m2, o));
                a2 = Vector256.FusedMultiplyAdd(w, x0, a2);
                b2 = Vector256.FusedMultiplyAdd(w, x1, b2);
                c2 = Vector256.FusedMultiplyAdd(w, x2, c2);
                d2 = Vector256.FusedMultiplyAdd(w, x3, d2);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            // Vectors before n0 were stored by the previous (overlapping) step; rows before r + SkipRows by the previous tile.
            var skipVectors = (n0 - n) / L;
            var skip = t.SkipRows;
            if (skip < 1)
            {
                Store4<TE>(ref t, r * cap + n, skipVectors, a0, b0, c0, d0);
            }

            if (skip < 2)
            {
                Store4<TE>(ref t, (r + 1) * cap + n, skipVectors, a1, b1, c1, d1);
            }

            Store4<TE>(ref t, (r + 2) * cap + n, skipVectors, a2, b2, c2, d2);
            if (n0 + (4 * L) >= np)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<TE>(ref GemmArgs t, int index, int skipVectors, V z0, V z1, V z2, V z3)
        where TE : struct, IEpilogue
    {
        if (skipVectors < 1)
        {
            Finish<TE>(ref t, index, z0);
        }

        if (skipVectors < 2)
        {
            Finish<TE>(ref t, index + L, z1);
        }

        if (skipVectors < 3)
        {
            Finish<TE>(ref t, index + (2 * L), z2);
        }

        Finish<TE>(ref t, index + (3 * L), z3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile3<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        ref var m1 = ref Unsafe.Add(ref t.M, (r + 1) * t.Rs);
        ref var m2 = ref Unsafe.Add(ref t.M, (r + 2) * t.Rs);
        V c0 = V.Zero, c1 = V.Zero, c2 = V.Zero;
        if (t.HasBias)
        {
            c0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
            c1 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 1));
            c2 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 2));
        }

        for (var n0 = 0; ; n0 += 2 * L)
        {
            var n = Math.Min(n0, np - 2 * L);
            t.SkipVector = n < n0;
            V a0 = c0, a1 = c1, a2 = c2;
            V b0 = a0, b1 = a1, b2 = a2;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            var ks = t.Ks;
            var cap = t.Cap;
            for (var k = 0; k < t.Inner; k++)
            {
                var x = Vector256.LoadUnsafe(ref ip);
                var y = Vector256.LoadUnsafe(ref ip, (nuint)L);
                var o = k * ks;
                var w0 = Vector256.Create(Unsafe.Add(ref m0, o));
                var w1 = Vector256.Create(Unsafe.Add(ref m1, o));
                var w2 = Vector256.Create(Unsafe.Add(ref m2, o));
                a0 = Vector256.FusedMultiplyAdd(w0, x, a0);
                b0 = Vector256.FusedMultiplyAdd(w0, y, b0);
                a1 = Vector256.FusedMultiplyAdd(w1, x, a1);
                b1 = Vector256.FusedMultiplyAdd(w1, y, b1);
                a2 = Vector256.FusedMultiplyAdd(w2, x, a2);
                b2 = Vector256.FusedMultiplyAdd(w2, y, b2);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            var skip = t.SkipRows;
            if (skip < 1)
            {
                Store<TE>(ref t, r * cap + n, a0, b0);
            }

            if (skip < 2)
            {
                Store<TE>(ref t, (r + 1) * cap + n, a1, b1);
            }

            Store<TE>(ref t, (r + 2) * cap + n, a2, b2);

            if (n0 + 2 * L >= np)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile4<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        ref var m1 = ref Unsafe.Add(ref t.M, (r + 1) * t.Rs);
        ref var m2 = ref Unsafe.Add(ref t.M, (r + 2) * t.Rs);
        ref var m3 = ref Unsafe.Add(ref t.M, (r + 3) * t.Rs);
        V c0 = V.Zero, c1 = V.Zero, c2 = V.Zero, c3 = V.Zero;
        if (t.HasBias)
        {
            c0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
            c1 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 1));
            c2 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 2));
            c3 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 3));
        }

        for (var n0 = 0; ; n0 += 2 * L)
        {
            var n = Math.Min(n0, np - 2 * L);
            t.SkipVector = n < n0;
            V a0 = c0, a1 = c1, a2 = c2, a3 = c3;
            V b0 = a0, b1 = a1, b2 = a2, b3 = a3;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            var ks = t.Ks;
            var cap = t.Cap;
            for (var k = 0; k < t.Inner; k++)
            {
                var x = Vector256.LoadUnsafe(ref ip);
                var y = Vector256.LoadUnsafe(ref ip, (nuint)L);
                var o = k * ks;
                var w0 = Vector256.Create(Unsafe.Add(ref m0, o));
                var w1 = Vector256.Create(Unsafe.Add(ref m1, o));
                var w2 = Vector256.Create(Unsafe.Add(ref m2, o));
                var w3 = Vector256.Create(Unsafe.Add(ref m3, o));
                a0 = Vector256.FusedMultiplyAdd(w0, x, a0);
                b0 = Vector256.FusedMultiplyAdd(w0, y, b0);
                a1 = Vector256.FusedMultiplyAdd(w1, x, a1);
                b1 = Vector256.FusedMultiplyAdd(w1, y, b1);
                a2 = Vector256.FusedMultiplyAdd(w2, x, a2);
                b2 = Vector256.FusedMultiplyAdd(w2, y, b2);
                a3 = Vector256.FusedMultiplyAdd(w3, x, a3);
                b3 = Vector256.FusedMultiplyAdd(w3, y, b3);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            var skip = t.SkipRows;
            if (skip < 1)
            {
                Store<TE>(ref t, r * cap + n, a0, b0);
            }

            if (skip < 2)
            {
                Store<TE>(ref t, (r + 1) * cap + n, a1, b1);
            }

            if (skip < 3)
            {
                Store<TE>(ref t, (r + 2) * cap + n, a2, b2);
            }

            Store<TE>(ref t, (r + 3) * cap + n, a3, b3);

            if (n0 + 2 * L >= np)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile2<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        ref var m1 = ref Unsafe.Add(ref t.M, (r + 1) * t.Rs);
        V c0 = V.Zero, c1 = V.Zero;
        if (t.HasBias)
        {
            c0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
            c1 = Vector256.Create(Unsafe.Add(ref t.Bias, r + 1));
        }

        for (var n0 = 0; ; n0 += 2 * L)
        {
            var n = Math.Min(n0, np - 2 * L);
            t.SkipVector = n < n0;
            V a0 = c0, a1 = c1;
            V b0 = a0, b1 = a1;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            var ks = t.Ks;
            var cap = t.Cap;
            for (var k = 0; k < t.Inner; k++)
            {
                var x = Vector256.LoadUnsafe(ref ip);
                var y = Vector256.LoadUnsafe(ref ip, (nuint)L);
                var o = k * ks;
                var w0 = Vector256.Create(Unsafe.Add(ref m0, o));
                var w1 = Vector256.Create(Unsafe.Add(ref m1, o));
                a0 = Vector256.FusedMultiplyAdd(w0, x, a0);
                b0 = Vector256.FusedMultiplyAdd(w0, y, b0);
                a1 = Vector256.FusedMultiplyAdd(w1, x, a1);
                b1 = Vector256.FusedMultiplyAdd(w1, y, b1);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            if (t.SkipRows < 1)
            {
                Store<TE>(ref t, r * cap + n, a0, b0);
            }

            Store<TE>(ref t, (r + 1) * cap + n, a1, b1);

            if (n0 + 2 * L >= np)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile1<TE>(ref GemmArgs t, int r, int np)
        where TE : struct, IEpilogue
    {
        ref var m0 = ref Unsafe.Add(ref t.M, r * t.Rs);
        V c0 = V.Zero;
        if (t.HasBias)
        {
            c0 = Vector256.Create(Unsafe.Add(ref t.Bias, r));
        }

        for (var n0 = 0; ; n0 += 2 * L)
        {
            var n = Math.Min(n0, np - 2 * L);
            t.SkipVector = n < n0;
            V a0 = c0;
            var b0 = a0;
            ref var ip = ref Unsafe.Add(ref t.In, n);
            var ks = t.Ks;
            var cap = t.Cap;
            for (var k = 0; k < t.Inner; k++)
            {
                var w0 = Vector256.Create(Unsafe.Add(ref m0, k * ks));
                a0 = Vector256.FusedMultiplyAdd(w0, Vector256.LoadUnsafe(ref ip), a0);
                b0 = Vector256.FusedMultiplyAdd(w0, Vector256.LoadUnsafe(ref ip, (nuint)L), b0);
                ip = ref Unsafe.Add(ref ip, cap);
            }

            Store<TE>(ref t, r * cap + n, a0, b0);

            if (n0 + 2 * L >= np)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TE>(ref GemmArgs t, int index, V z0, V z1)
        where TE : struct, IEpilogue
    {
        if (!t.SkipVector)
        {
            Finish<TE>(ref t, index, z0);
        }

        Finish<TE>(ref t, index + L, z1);
    }

    /// <summary>Applies the epilogue to one vector of outputs and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TE>(ref GemmArgs t, int index, V z)
        where TE : struct, IEpilogue
    {
        TE.Apply(z, ref t.Act, index).StoreUnsafe(ref Unsafe.Add(ref t.Out, index));
    }

    /// <summary>
    /// What a matrix product does to each output vector before storing it: a type argument, so each kernel is
    /// compiled once per epilogue with no branch on it in the loop.
    /// </summary>
    private interface IEpilogue
    {
        /// <summary><paramref name="z"/> after the epilogue; <paramref name="act"/> at <paramref name="index"/> is the layer's output (backward only).</summary>
        static abstract V Apply(V z, ref double act, int index);
    }

    private readonly struct BiasOnly : IEpilogue
    {
        public static V Apply(V z, ref double act, int index) => z;
    }

    private readonly struct BiasSigmoid : IEpilogue
    {
        public static V Apply(V z, ref double act, int index) => VectorMath256.Sigmoid(z);
    }

    private readonly struct BiasRelu : IEpilogue
    {
        public static V Apply(V z, ref double act, int index) => Vector256.Max(z, V.Zero);
    }

    private readonly struct DerivSigmoid : IEpilogue
    {
        public static V Apply(V z, ref double act, int index)
        {
            var a = Vector256.LoadUnsafe(ref Unsafe.Add(ref act, index));
            return z * (a * (V.One - a));
        }
    }

    private readonly struct DerivTanh : IEpilogue
    {
        public static V Apply(V z, ref double act, int index)
        {
            var a = Vector256.LoadUnsafe(ref Unsafe.Add(ref act, index));
            return z * (V.One - (a * a));
        }
    }

    private readonly struct DerivRelu : IEpilogue
    {
        public static V Apply(V z, ref double act, int index)
        {
            var a = Vector256.LoadUnsafe(ref Unsafe.Add(ref act, index));
            return Vector256.ConditionalSelect(Vector256.GreaterThan(a, V.Zero), z, V.Zero);
        }
    }

    /// <summary>g[i*fo + o] = sum_n a[i][n] d[o][n]; gb[o] = sum_n d[o][n] (per-lane sums in sample order, then a fixed lane order).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GradientGemm(double[] a, double[] d, int fi, int fo, int cap, int np, Span<double> g, Span<double> gb)
    {
        ref var gp = ref MemoryMarshal.GetReference(g);
        if (TryFiveRowTiles(a, d, fi, fo, cap, np, ref gp))
        {
        }
        else if (fi >= 4 || fo >= 4)
        {
            // The side with at least 4 rows takes the 4-row side of the tile.
            var swap = fi < 4;
            var (u, v) = swap ? (d, a) : (a, d);
            var (nu, nv) = swap ? (fo, fi) : (fi, fo);
            var (su, sv) = swap ? (1, fo) : (fo, 1);
            var tv = Math.Min(nv, 4);
            for (var u0 = 0; ; u0 += 4)
            {
                var ui = Math.Min(u0, nu - 4);
                for (var v0 = 0; ; v0 += tv)
                {
                    var vi = Math.Min(v0, nv - tv);
                    switch (tv)
                    {
                        case 4:
                            Dot4x4(u, ui, v, vi, cap, np, ref gp, su, sv);
                            break;
                        case 3:
                            Dot4x3(u, ui, v, vi, cap, np, ref gp, su, sv);
                            break;
                        case 2:
                            Dot4x2(u, ui, v, vi, cap, np, ref gp, su, sv);
                            break;
                        default:
                            Dot4x1(u, ui, v, vi, cap, np, ref gp, su, sv);
                            break;
                    }

                    if (v0 + tv >= nv)
                    {
                        break;
                    }
                }

                if (u0 + 4 >= nu)
                {
                    break;
                }
            }
        }
        else
        {
            for (var i = 0; i < fi; i++)
            {
                for (var o = 0; o < fo; o++)
                {
                    Dot1x1(a, i, d, o, cap, np, ref gp, fo, 1);
                }
            }
        }

        // Bias gradients: four partial sums per row (vectors n, n+1, n+2, n+3 mod 4), combined in a fixed order.
        ref var dp = ref MemoryMarshal.GetArrayDataReference(d);
        for (var o = 0; o < fo; o++)
        {
            ref var row = ref Unsafe.Add(ref dp, o * cap);
            V s0 = V.Zero, s1 = V.Zero, s2 = V.Zero, s3 = V.Zero;
            var n = 0;
            for (; n + (4 * L) <= np; n += 4 * L)
            {
                s0 += Vector256.LoadUnsafe(ref row, (nuint)n);
                s1 += Vector256.LoadUnsafe(ref row, (nuint)(n + L));
                s2 += Vector256.LoadUnsafe(ref row, (nuint)(n + (2 * L)));
                s3 += Vector256.LoadUnsafe(ref row, (nuint)(n + (3 * L)));
            }

            for (; n < np; n += L)
            {
                s0 += Vector256.LoadUnsafe(ref row, (nuint)n);
            }

            gb[o] = VectorMath256.HorizontalSum((s0 + s1) + (s2 + s3));
        }
    }

    /// <summary>
    /// Exact 5 x 4 or 5 x 3 tiling of the weight gradient where one side is a multiple of 5 and the other is 3 or a
    /// multiple of 4 (Iris 4-10-3: both layers); returns false to leave other shapes to the 4-row tiles.
    /// </summary>
    private static bool TryFiveRowTiles(double[] a, double[] d, int fi, int fo, int cap, int np, ref double gp)
    {
        static bool Fits(int nu, int nv) => nu % 5 == 0 && (nv == 3 || nv % 4 == 0);
        double[] u, v;
        int nu, nv, su, sv;
        if (Fits(fi, fo))
        {
            (u, v, nu, nv, su, sv) = (a, d, fi, fo, fo, 1);
        }
        else if (Fits(fo, fi))
        {
            (u, v, nu, nv, su, sv) = (d, a, fo, fi, 1, fo);
        }
        else
        {
            return false;
        }

        var tv = nv == 3 ? 3 : 4;
        for (var u0 = 0; u0 < nu; u0 += 5)
        {
            for (var v0 = 0; v0 < nv; v0 += tv)
            {
                if (tv == 4)
                {
                    Dot5x4(u, u0, v, v0, cap, np, ref gp, su, sv);
                }
                else
                {
                    Dot5x3(u, u0, v, v0, cap, np, ref gp, su, sv);
                }
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot5x4(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var a4 = ref Unsafe.Add(ref a3, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        ref var b1 = ref Unsafe.Add(ref b0, cap);
        ref var b2 = ref Unsafe.Add(ref b1, cap);
        ref var b3 = ref Unsafe.Add(ref b2, cap);
        V s00 = V.Zero, s01 = V.Zero, s02 = V.Zero, s03 = V.Zero;
        V s10 = V.Zero, s11 = V.Zero, s12 = V.Zero, s13 = V.Zero;
        V s20 = V.Zero, s21 = V.Zero, s22 = V.Zero, s23 = V.Zero;
        V s30 = V.Zero, s31 = V.Zero, s32 = V.Zero, s33 = V.Zero;
        V s40 = V.Zero, s41 = V.Zero, s42 = V.Zero, s43 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, n);
            var y1 = Vector256.LoadUnsafe(ref b1, n);
            var y2 = Vector256.LoadUnsafe(ref b2, n);
            var y3 = Vector256.LoadUnsafe(ref b3, n);
            var x = Vector256.LoadUnsafe(ref a0, n);
            s00 = Vector256.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, y1, s01);
            s02 = Vector256.FusedMultiplyAdd(x, y2, s02);
            s03 = Vector256.FusedMultiplyAdd(x, y3, s03);
            x = Vector256.LoadUnsafe(ref a1, n);
            s10 = Vector256.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, y1, s11);
            s12 = Vector256.FusedMultiplyAdd(x, y2, s12);
            s13 = Vector256.FusedMultiplyAdd(x, y3, s13);
            x = Vector256.LoadUnsafe(ref a2, n);
            s20 = Vector256.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, y1, s21);
            s22 = Vector256.FusedMultiplyAdd(x, y2, s22);
            s23 = Vector256.FusedMultiplyAdd(x, y3, s23);
            x = Vector256.LoadUnsafe(ref a3, n);
            s30 = Vector256.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, y1, s31);
            s32 = Vector256.FusedMultiplyAdd(x, y2, s32);
            s33 = Vector256.FusedMultiplyAdd(x, y3, s33);
            x = Vector256.LoadUnsafe(ref a4, n);
            s40 = Vector256.FusedMultiplyAdd(x, y0, s40);
            s41 = Vector256.FusedMultiplyAdd(x, y1, s41);
            s42 = Vector256.FusedMultiplyAdd(x, y2, s42);
            s43 = Vector256.FusedMultiplyAdd(x, y3, s43);
        }

        Put4(ref g, u0 * su + v0 * sv, sv, s00, s01, s02, s03);
        Put4(ref g, (u0 + 1) * su + v0 * sv, sv, s10, s11, s12, s13);
        Put4(ref g, (u0 + 2) * su + v0 * sv, sv, s20, s21, s22, s23);
        Put4(ref g, (u0 + 3) * su + v0 * sv, sv, s30, s31, s32, s33);
        Put4(ref g, (u0 + 4) * su + v0 * sv, sv, s40, s41, s42, s43);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot5x3(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var a4 = ref Unsafe.Add(ref a3, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        ref var b1 = ref Unsafe.Add(ref b0, cap);
        ref var b2 = ref Unsafe.Add(ref b1, cap);
        V s00 = V.Zero, s01 = V.Zero, s02 = V.Zero, s10 = V.Zero, s11 = V.Zero, s12 = V.Zero;
        V s20 = V.Zero, s21 = V.Zero, s22 = V.Zero, s30 = V.Zero, s31 = V.Zero, s32 = V.Zero;
        V s40 = V.Zero, s41 = V.Zero, s42 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, n);
            var y1 = Vector256.LoadUnsafe(ref b1, n);
            var y2 = Vector256.LoadUnsafe(ref b2, n);
            var x = Vector256.LoadUnsafe(ref a0, n);
            s00 = Vector256.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, y1, s01);
            s02 = Vector256.FusedMultiplyAdd(x, y2, s02);
            x = Vector256.LoadUnsafe(ref a1, n);
            s10 = Vector256.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, y1, s11);
            s12 = Vector256.FusedMultiplyAdd(x, y2, s12);
            x = Vector256.LoadUnsafe(ref a2, n);
            s20 = Vector256.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, y1, s21);
            s22 = Vector256.FusedMultiplyAdd(x, y2, s22);
            x = Vector256.LoadUnsafe(ref a3, n);
            s30 = Vector256.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, y1, s31);
            s32 = Vector256.FusedMultiplyAdd(x, y2, s32);
            x = Vector256.LoadUnsafe(ref a4, n);
            s40 = Vector256.FusedMultiplyAdd(x, y0, s40);
            s41 = Vector256.FusedMultiplyAdd(x, y1, s41);
            s42 = Vector256.FusedMultiplyAdd(x, y2, s42);
        }

        var o = v0 * sv;
        Put3(ref g, u0 * su + o, sv, s00, s01, s02);
        Put3(ref g, (u0 + 1) * su + o, sv, s10, s11, s12);
        Put3(ref g, (u0 + 2) * su + o, sv, s20, s21, s22);
        Put3(ref g, (u0 + 3) * su + o, sv, s30, s31, s32);
        Put3(ref g, (u0 + 4) * su + o, sv, s40, s41, s42);
    }

    /// <summary>g[(u0+x) su + (v0+y) sv] = sum_n u[u0+x][n] v[v0+y][n] for x, y &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot4x4(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        ref var b1 = ref Unsafe.Add(ref b0, cap);
        ref var b2 = ref Unsafe.Add(ref b1, cap);
        ref var b3 = ref Unsafe.Add(ref b2, cap);
        V s00 = V.Zero, s01 = V.Zero, s02 = V.Zero, s03 = V.Zero;
        V s10 = V.Zero, s11 = V.Zero, s12 = V.Zero, s13 = V.Zero;
        V s20 = V.Zero, s21 = V.Zero, s22 = V.Zero, s23 = V.Zero;
        V s30 = V.Zero, s31 = V.Zero, s32 = V.Zero, s33 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, n);
            var y1 = Vector256.LoadUnsafe(ref b1, n);
            var y2 = Vector256.LoadUnsafe(ref b2, n);
            var y3 = Vector256.LoadUnsafe(ref b3, n);
            var x = Vector256.LoadUnsafe(ref a0, n);
            s00 = Vector256.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, y1, s01);
            s02 = Vector256.FusedMultiplyAdd(x, y2, s02);
            s03 = Vector256.FusedMultiplyAdd(x, y3, s03);
            x = Vector256.LoadUnsafe(ref a1, n);
            s10 = Vector256.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, y1, s11);
            s12 = Vector256.FusedMultiplyAdd(x, y2, s12);
            s13 = Vector256.FusedMultiplyAdd(x, y3, s13);
            x = Vector256.LoadUnsafe(ref a2, n);
            s20 = Vector256.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, y1, s21);
            s22 = Vector256.FusedMultiplyAdd(x, y2, s22);
            s23 = Vector256.FusedMultiplyAdd(x, y3, s23);
            x = Vector256.LoadUnsafe(ref a3, n);
            s30 = Vector256.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, y1, s31);
            s32 = Vector256.FusedMultiplyAdd(x, y2, s32);
            s33 = Vector256.FusedMultiplyAdd(x, y3, s33);
        }

        Put4(ref g, u0 * su + v0 * sv, sv, s00, s01, s02, s03);
        Put4(ref g, (u0 + 1) * su + v0 * sv, sv, s10, s11, s12, s13);
        Put4(ref g, (u0 + 2) * su + v0 * sv, sv, s20, s21, s22, s23);
        Put4(ref g, (u0 + 3) * su + v0 * sv, sv, s30, s31, s32, s33);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot4x3(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        ref var b1 = ref Unsafe.Add(ref b0, cap);
        ref var b2 = ref Unsafe.Add(ref b1, cap);
        V s00 = V.Zero, s01 = V.Zero, s02 = V.Zero, s10 = V.Zero, s11 = V.Zero, s12 = V.Zero;
        V s20 = V.Zero, s21 = V.Zero, s22 = V.Zero, s30 = V.Zero, s31 = V.Zero, s32 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, n);
            var y1 = Vector256.LoadUnsafe(ref b1, n);
            var y2 = Vector256.LoadUnsafe(ref b2, n);
            var x = Vector256.LoadUnsafe(ref a0, n);
            s00 = Vector256.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, y1, s01);
            s02 = Vector256.FusedMultiplyAdd(x, y2, s02);
            x = Vector256.LoadUnsafe(ref a1, n);
            s10 = Vector256.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, y1, s11);
            s12 = Vector256.FusedMultiplyAdd(x, y2, s12);
            x = Vector256.LoadUnsafe(ref a2, n);
            s20 = Vector256.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, y1, s21);
            s22 = Vector256.FusedMultiplyAdd(x, y2, s22);
            x = Vector256.LoadUnsafe(ref a3, n);
            s30 = Vector256.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, y1, s31);
            s32 = Vector256.FusedMultiplyAdd(x, y2, s32);
        }

        var o = v0 * sv;
        Put3(ref g, u0 * su + o, sv, s00, s01, s02);
        Put3(ref g, (u0 + 1) * su + o, sv, s10, s11, s12);
        Put3(ref g, (u0 + 2) * su + o, sv, s20, s21, s22);
        Put3(ref g, (u0 + 3) * su + o, sv, s30, s31, s32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put3(ref double g, int index, int stride, V s0, V s1, V s2)
    {
        Unsafe.Add(ref g, index) = VectorMath256.HorizontalSum(s0);
        Unsafe.Add(ref g, index + stride) = VectorMath256.HorizontalSum(s1);
        Unsafe.Add(ref g, index + 2 * stride) = VectorMath256.HorizontalSum(s2);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot4x2(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        ref var b1 = ref Unsafe.Add(ref b0, cap);
        V s00 = V.Zero, s01 = V.Zero, s10 = V.Zero, s11 = V.Zero;
        V s20 = V.Zero, s21 = V.Zero, s30 = V.Zero, s31 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, n);
            var y1 = Vector256.LoadUnsafe(ref b1, n);
            var x = Vector256.LoadUnsafe(ref a0, n);
            s00 = Vector256.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, y1, s01);
            x = Vector256.LoadUnsafe(ref a1, n);
            s10 = Vector256.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, y1, s11);
            x = Vector256.LoadUnsafe(ref a2, n);
            s20 = Vector256.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, y1, s21);
            x = Vector256.LoadUnsafe(ref a3, n);
            s30 = Vector256.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, y1, s31);
        }

        var o = v0 * sv;
        Unsafe.Add(ref g, u0 * su + o) = VectorMath256.HorizontalSum(s00);
        Unsafe.Add(ref g, u0 * su + o + sv) = VectorMath256.HorizontalSum(s01);
        Unsafe.Add(ref g, (u0 + 1) * su + o) = VectorMath256.HorizontalSum(s10);
        Unsafe.Add(ref g, (u0 + 1) * su + o + sv) = VectorMath256.HorizontalSum(s11);
        Unsafe.Add(ref g, (u0 + 2) * su + o) = VectorMath256.HorizontalSum(s20);
        Unsafe.Add(ref g, (u0 + 2) * su + o + sv) = VectorMath256.HorizontalSum(s21);
        Unsafe.Add(ref g, (u0 + 3) * su + o) = VectorMath256.HorizontalSum(s30);
        Unsafe.Add(ref g, (u0 + 3) * su + o + sv) = VectorMath256.HorizontalSum(s31);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot4x1(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var a1 = ref Unsafe.Add(ref a0, cap);
        ref var a2 = ref Unsafe.Add(ref a1, cap);
        ref var a3 = ref Unsafe.Add(ref a2, cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        V s0 = V.Zero, s1 = V.Zero, s2 = V.Zero, s3 = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            var y = Vector256.LoadUnsafe(ref b0, n);
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a0, n), y, s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a1, n), y, s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a2, n), y, s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a3, n), y, s3);
        }

        var o = v0 * sv;
        Unsafe.Add(ref g, u0 * su + o) = VectorMath256.HorizontalSum(s0);
        Unsafe.Add(ref g, (u0 + 1) * su + o) = VectorMath256.HorizontalSum(s1);
        Unsafe.Add(ref g, (u0 + 2) * su + o) = VectorMath256.HorizontalSum(s2);
        Unsafe.Add(ref g, (u0 + 3) * su + o) = VectorMath256.HorizontalSum(s3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot1x1(double[] u, int u0, double[] v, int v0, int cap, int np, ref double g, int su, int sv)
    {
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), u0 * cap);
        ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), v0 * cap);
        var s = V.Zero;
        for (nuint n = 0; n < (nuint)np; n += L)
        {
            s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a0, n), Vector256.LoadUnsafe(ref b0, n), s);
        }

        Unsafe.Add(ref g, u0 * su + v0 * sv) = VectorMath256.HorizontalSum(s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put4(ref double g, int index, int stride, V s0, V s1, V s2, V s3)
    {
        Unsafe.Add(ref g, index) = VectorMath256.HorizontalSum(s0);
        Unsafe.Add(ref g, index + stride) = VectorMath256.HorizontalSum(s1);
        Unsafe.Add(ref g, index + 2 * stride) = VectorMath256.HorizontalSum(s2);
        Unsafe.Add(ref g, index + 3 * stride) = VectorMath256.HorizontalSum(s3);
    }

    /// <summary>
    /// Softmax cross-entropy: returns the summed loss, counts correct rows, writes (p - y) * scale into <paramref name="d"/>.
    /// Row loss = ln(s) + max - z_y with s = sum_o e^(z_o - max) in [1, classes]; the ln(s) are summed as the logarithm of
    /// per-lane products over chunks short enough that the product cannot overflow (classes^chunk &lt;= 1e300), which
    /// takes one logarithm per chunk instead of one per row (relative rounding about chunk ulp, far below 1e-12).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double SoftmaxLoss(double[] z, double[] d, SampleBlock block, int classes, double scale, out int correct)
    {
        var np = block.Padded;
        var chunk = classes <= 1 ? np : Math.Max(L, (int)(300 / Math.Log10(classes)) * L);
        V linear = V.Zero, logs = V.Zero, hits = V.Zero;
        for (var n0 = 0; n0 < np; n0 += chunk)
        {
            var product = V.One;
            if (classes == 3)
            {
                SoftmaxRows3(z, d, block, scale, n0, Math.Min(np, n0 + chunk), ref linear, ref product, ref hits);
            }
            else
            {
                SoftmaxRows(z, d, block, classes, scale, n0, Math.Min(np, n0 + chunk), ref linear, ref product, ref hits);
            }

            logs += VectorMath256.Log(product);
        }

        correct = (int)VectorMath256.HorizontalSum(hits);
        return VectorMath256.HorizontalSum(linear + logs);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SoftmaxRows(double[] z, double[] d, SampleBlock block, int classes, double scale, int n0, int n1, ref V linear, ref V product, ref V hits)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(d);
        ref var yp = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var cap = block.Capacity;
        var vscale = Vector256.Create(scale);
        V lin = linear, prod = product, hit = hits;
        for (var n = n0; n < n1; n += L)
        {
            var label = Vector256.LoadUnsafe(ref lp, (nuint)n);
            var valid = Vector256.GreaterThanOrEqual(label, V.Zero);
            var zmax = Vector256.LoadUnsafe(ref zp, (nuint)n);
            var arg = V.Zero;
            var zy = Vector256.LoadUnsafe(ref yp, (nuint)n) * zmax;
            for (var o = 1; o < classes; o++)
            {
                var zo = Vector256.LoadUnsafe(ref zp, (nuint)(o * cap + n));
                var gt = Vector256.GreaterThan(zo, zmax);
                zmax = Vector256.ConditionalSelect(gt, zo, zmax);
                arg = Vector256.ConditionalSelect(gt, Vector256.Create((double)o), arg);
                zy = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref yp, (nuint)(o * cap + n)), zo, zy);
            }

            var sum = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var e = VectorMath256.ExpNonPositive(Vector256.LoadUnsafe(ref zp, idx) - zmax);
                e.StoreUnsafe(ref dp, idx);
                sum += e;
            }

            var inv = V.One / sum;
            var scaleLanes = Vector256.ConditionalSelect(valid, vscale, V.Zero);
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var p = Vector256.LoadUnsafe(ref dp, idx) * inv;
                ((p - Vector256.LoadUnsafe(ref yp, idx)) * scaleLanes).StoreUnsafe(ref dp, idx);
            }

            Tally(valid, sum, zmax, zy, arg, label, ref prod, ref lin, ref hit);
        }

        linear = lin;
        product = prod;
        hits = hit;
    }

    /// <summary>
    /// <see cref="SoftmaxRows"/> for 3 classes (Iris), written out: the same operations in the same order, so the same bits,
    /// with the three exponentials kept in registers instead of stored and read back. The JIT does not unroll the
    /// general loops over classes, and this is about a sixth of an Iris network-step.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SoftmaxRows3(double[] z, double[] d, SampleBlock block, double scale, int n0, int n1, ref V linear, ref V product, ref V hits)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(d);
        ref var yp = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var c1 = (nuint)block.Capacity;
        var c2 = 2 * c1;
        var vscale = Vector256.Create(scale);
        V lin = linear, prod = product, hit = hits;
        for (var n = n0; n < n1; n += L)
        {
            var i = (nuint)n;
            var label = Vector256.LoadUnsafe(ref lp, i);
            var valid = Vector256.GreaterThanOrEqual(label, V.Zero);
            var z0 = Vector256.LoadUnsafe(ref zp, i);
            var z1 = Vector256.LoadUnsafe(ref zp, i + c1);
            var z2 = Vector256.LoadUnsafe(ref zp, i + c2);
            var y0 = Vector256.LoadUnsafe(ref yp, i);
            var y1 = Vector256.LoadUnsafe(ref yp, i + c1);
            var y2 = Vector256.LoadUnsafe(ref yp, i + c2);
            var zy = y0 * z0;
            var gt = Vector256.GreaterThan(z1, z0);
            var zmax = Vector256.ConditionalSelect(gt, z1, z0);
            var arg = Vector256.ConditionalSelect(gt, V.One, V.Zero);
            zy = Vector256.FusedMultiplyAdd(y1, z1, zy);
            gt = Vector256.GreaterThan(z2, zmax);
            zmax = Vector256.ConditionalSelect(gt, z2, zmax);
            arg = Vector256.ConditionalSelect(gt, Vector256.Create(2.0), arg);
            zy = Vector256.FusedMultiplyAdd(y2, z2, zy);

            var e0 = VectorMath256.ExpNonPositive(z0 - zmax);
            var e1 = VectorMath256.ExpNonPositive(z1 - zmax);
            var e2 = VectorMath256.ExpNonPositive(z2 - zmax);
            var sum = e0 + e1 + e2;
            var inv = V.One / sum;
            var scaleLanes = Vector256.ConditionalSelect(valid, vscale, V.Zero);
            (((e0 * inv) - y0) * scaleLanes).StoreUnsafe(ref dp, i);
            (((e1 * inv) - y1) * scaleLanes).StoreUnsafe(ref dp, i + c1);
            (((e2 * inv) - y2) * scaleLanes).StoreUnsafe(ref dp, i + c2);

            Tally(valid, sum, zmax, zy, arg, label, ref prod, ref lin, ref hit);
        }

        linear = lin;
        product = prod;
        hits = hit;
    }

    /// <summary>
    /// Adds one vector of rows to the softmax tallies: the product of the sums s (for the chunk's logarithm), the linear
    /// part max - z_y of the loss, and the rows whose largest logit is their label; padding rows (label -1) add nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tally(V valid, V sum, V zmax, V zy, V arg, V label, ref V prod, ref V lin, ref V hit)
    {
        prod *= Vector256.ConditionalSelect(valid, sum, V.One);
        lin += Vector256.ConditionalSelect(valid, zmax - zy, V.Zero);
        hit += Vector256.ConditionalSelect(Vector256.Equals(arg, label), V.One, V.Zero);
    }

    /// <summary>Sigmoid outputs with binary cross-entropy summed over outputs; same contract as <see cref="SoftmaxLoss"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double SigmoidLoss(double[] z, double[] d, SampleBlock block, int classes, double scale, out int correct)
    {
        ref var zp = ref MemoryMarshal.GetArrayDataReference(z);
        ref var dp = ref MemoryMarshal.GetArrayDataReference(d);
        ref var yp = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref var lp = ref MemoryMarshal.GetArrayDataReference(block.Label);
        var cap = block.Capacity;
        var np = block.Padded;
        var vscale = Vector256.Create(scale);
        var lossAcc = V.Zero;
        var correctAcc = V.Zero;
        for (var n = 0; n < np; n += L)
        {
            var label = Vector256.LoadUnsafe(ref lp, (nuint)n);
            var valid = Vector256.GreaterThanOrEqual(label, V.Zero);
            var scaleLanes = Vector256.ConditionalSelect(valid, vscale, V.Zero);
            var zmax = Vector256.LoadUnsafe(ref zp, (nuint)n);
            var arg = V.Zero;
            var rowLoss = V.Zero;
            for (var o = 0; o < classes; o++)
            {
                var idx = (nuint)(o * cap + n);
                var zo = Vector256.LoadUnsafe(ref zp, idx);
                if (o > 0)
                {
                    var gt = Vector256.GreaterThan(zo, zmax);
                    zmax = Vector256.ConditionalSelect(gt, zo, zmax);
                    arg = Vector256.ConditionalSelect(gt, Vector256.Create((double)o), arg);
                }

                var y = Vector256.LoadUnsafe(ref yp, idx);
                var e = VectorMath256.ExpNonPositive(-Vector256.Abs(zo));
                var onePlus = V.One + e;
                var p = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(zo, V.Zero), V.One, e) / onePlus;

                // softplus(z) - y z = max(z, 0) + ln(1 + e^-|z|) - y z.
                rowLoss += Vector256.Max(zo, V.Zero) + VectorMath256.Log(onePlus) - y * zo;
                ((p - y) * scaleLanes).StoreUnsafe(ref dp, idx);
            }

            lossAcc += Vector256.ConditionalSelect(valid, rowLoss, V.Zero);
            correctAcc += Vector256.ConditionalSelect(Vector256.Equals(arg, label), V.One, V.Zero);
        }

        correct = (int)VectorMath256.HorizontalSum(correctAcc);
        return VectorMath256.HorizontalSum(lossAcc);
    }
}
