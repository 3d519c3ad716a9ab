using System.Buffers;
using System.Runtime.InteropServices;

namespace NetOrbit.Arrow;

/// <summary>Exposes a double[] as the byte memory of an Arrow buffer without copying it (the array is handed over, not shared).</summary>
internal sealed class DoubleArrayMemory(double[] values, int count) : MemoryManager<byte>
{
    private GCHandle _pin;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan(0, count));

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated)
        {
            _pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        }

        unsafe
        {
            return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
        }
    }

    public override void Unpin()
    {
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }

    protected override void Dispose(bool disposing) => Unpin();
}
