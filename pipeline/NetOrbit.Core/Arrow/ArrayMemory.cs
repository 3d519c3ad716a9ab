using System.Buffers;
using System.Runtime.InteropServices;

namespace NetOrbit.Arrow;

/// <summary>
/// Exposes the first <paramref name="bytes"/> bytes of an array of unmanaged values as the memory
/// of an Arrow buffer without copying it (the array is handed over, not shared). One non-generic
/// class serves every element type, so there is one set of methods to compile.
/// </summary>
internal sealed class ArrayMemory(System.Array values, int bytes) : MemoryManager<byte>
{
    private GCHandle _pin;

    public override Span<byte> GetSpan() => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), bytes);

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
