using System.Runtime.Intrinsics;
using NetOrbit.Data;

namespace NetOrbit.Training;

/// <summary>
/// Gradients and Hessian-vector products of one architecture with the trainer's batched kernels
/// (<see cref="MlpKernels.Run"/>, <see cref="MlpKernels.HessianVectorProduct"/>), the same arithmetic as the trainer's
/// full-batch steps; the last split's layout and the work buffers are kept between calls. Not thread-safe.
/// </summary>
internal sealed class KernelDerivatives
{
    private readonly MlpShape _shape;
    private readonly bool _vector512;
    private SampleBlock? _block;
    private MlpBuffers? _buffers;
    private MlpRBuffers? _r;

    /// <summary>Derivatives for <paramref name="spec"/>; <paramref name="vector512"/> false selects the 4-lane kernels.</summary>
    public KernelDerivatives(MlpSpec spec, bool vector512)
    {
        _shape = new MlpShape(spec);
        _vector512 = vector512;
    }

    /// <summary>With the 8-lane kernels where AVX-512 is available, as the trainer.</summary>
    public KernelDerivatives(MlpSpec spec)
        : this(spec, Vector512.IsHardwareAccelerated)
    {
    }

    /// <summary>
    /// The mean loss over <paramref name="split"/> at <paramref name="w"/> and its gradient, into <paramref name="gradient"/>
    /// (sizes checked by the caller): what the trainer computes for a member at <paramref name="w"/>, bit for bit.
    /// </summary>
    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        var block = Layout(split);
        return _vector512
            ? MlpKernels.Run(_shape, w, block, _buffers!, gradient, out _)
            : MlpKernels256.Run(_shape, w, block, _buffers!, gradient, out _);
    }

    /// <summary>result = H(w) v, H the Hessian of the mean loss over <paramref name="split"/> (sizes checked by the caller).</summary>
    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result)
    {
        var block = Layout(split);
        _r ??= MlpRBuffers.Create(_shape, block.Capacity);
        if (_vector512)
        {
            MlpKernels.HessianVectorProduct(_shape, w, v, block, _buffers!, _r, result);
        }
        else
        {
            MlpKernels256.HessianVectorProduct(_shape, w, v, block, _buffers!, _r, result);
        }
    }

    /// <summary>The kernels' layout of <paramref name="split"/>, made when the split changes (with buffers of its size).</summary>
    private SampleBlock Layout(DataSplit split)
    {
        if (_block is null || !ReferenceEquals(_block.Source, split))
        {
            _block = SampleBlock.FromSplit(split);
            _buffers = MlpKernels.CreateBuffers(_shape, _block.Capacity);
            _r = null;
        }

        return _block;
    }
}
