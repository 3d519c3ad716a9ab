using System.Runtime.Intrinsics;
using NetOrbit.Data;

namespace NetOrbit.Training;

/// <summary>
/// Hessian-vector products of one architecture with the trainer's batched kernels
/// (<see cref="MlpKernels.HessianVectorProduct"/>); the last split's layout and the work buffers are kept between calls.
/// Not thread-safe.
/// </summary>
internal sealed class KernelHessian
{
    private readonly MlpShape _shape;
    private readonly bool _vector512;
    private SampleBlock? _block;
    private MlpBuffers? _buffers;
    private MlpRBuffers? _r;

    /// <summary>Products for <paramref name="spec"/>; <paramref name="vector512"/> false selects the 4-lane kernels.</summary>
    public KernelHessian(MlpSpec spec, bool vector512)
    {
        _shape = new MlpShape(spec);
        _vector512 = vector512;
    }

    /// <summary>With the 8-lane kernels where AVX-512 is available, as the trainer.</summary>
    public KernelHessian(MlpSpec spec)
        : this(spec, Vector512.IsHardwareAccelerated)
    {
    }

    /// <summary>result = H(w) v, H the Hessian of the mean loss over <paramref name="split"/> (sizes checked by the caller).</summary>
    public void Product(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result)
    {
        if (_block is null || !ReferenceEquals(_block.Source, split))
        {
            _block = SampleBlock.FromSplit(split);
            _buffers = MlpKernels.CreateBuffers(_shape, _block.Capacity);
            _r = MlpRBuffers.Create(_shape, _block.Capacity);
        }

        if (_vector512)
        {
            MlpKernels.HessianVectorProduct(_shape, w, v, _block, _buffers!, _r!, result);
        }
        else
        {
            MlpKernels256.HessianVectorProduct(_shape, w, v, _block, _buffers!, _r!, result);
        }
    }
}
