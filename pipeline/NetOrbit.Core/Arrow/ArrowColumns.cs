using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;

namespace NetOrbit.Arrow;

/// <summary>
/// Arrow columns built from plain arrays with one bulk copy per buffer, and buffers over arrays
/// without a copy (<see cref="Wrap"/>): the pieces under the trajectory writer and
/// <see cref="RowBatchBuilder"/>. Stages build their tables with <see cref="RowBatchBuilder"/>.
/// </summary>
public static class ArrowColumns
{
    /// <summary>A utf8 column holding <paramref name="value"/> in every one of <paramref name="count"/> rows.</summary>
    public static StringArray RepeatedUtf8(string value, int count)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return RepeatedUtf8(Encoding.UTF8.GetBytes(value), count);
    }

    /// <summary>A utf8 column holding the UTF-8 bytes <paramref name="value"/> in every row.</summary>
    internal static StringArray RepeatedUtf8(byte[] value, int count)
    {
        var offsets = new int[count + 1];
        var data = new byte[value.Length * count];
        for (var i = 0; i < count; i++)
        {
            offsets[i + 1] = (i + 1) * value.Length;
            value.CopyTo(data, i * value.Length);
        }

        return new StringArray(count, new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), new ArrowBuffer(data), ArrowBuffer.Empty, 0, 0);
    }

    /// <summary>
    /// An Arrow buffer over the first <paramref name="byteLength"/> bytes of <paramref name="values"/>
    /// (an array of a primitive type), without a copy: the array belongs to the buffer afterwards.
    /// </summary>
    public static ArrowBuffer Wrap(System.Array values, int byteLength)
    {
        ArgumentNullException.ThrowIfNull(values);
        var capacity = Buffer.ByteLength(values); // primitive arrays only
        if (byteLength < 0 || byteLength > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(byteLength), $"{byteLength} bytes do not fit in the array ({capacity} bytes)");
        }

        return byteLength == 0 ? ArrowBuffer.Empty : new ArrowBuffer(new ArrayMemory(values, byteLength).Memory);
    }

    /// <summary>An int32 column of <paramref name="values"/>.</summary>
    public static Int32Array Int32(ReadOnlySpan<int> values) => new Int32Array.Builder().Reserve(values.Length).Append(values).Build();

    /// <summary>An int64 column of <paramref name="values"/>.</summary>
    public static Int64Array Int64(ReadOnlySpan<long> values) => new Int64Array.Builder().Reserve(values.Length).Append(values).Build();

    /// <summary>A float64 column of <paramref name="values"/>.</summary>
    public static DoubleArray Float64(ReadOnlySpan<double> values) => new DoubleArray.Builder().Reserve(values.Length).Append(values).Build();
}
