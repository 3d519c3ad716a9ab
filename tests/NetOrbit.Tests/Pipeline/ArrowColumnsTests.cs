using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Tests.Pipeline;

public sealed class ArrowColumnsTests
{
    [Fact]
    public void RepeatedUtf8_EveryRowHoldsTheValue_IncludingNonAscii()
    {
        var column = ArrowColumns.RepeatedUtf8("run_é1", 4);
        Assert.Equal(4, column.Length);
        Assert.Equal(0, column.NullCount);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal("run_é1", column.GetString(i)));
        Assert.Equal(0, ArrowColumns.RepeatedUtf8("x", 0).Length);
    }

    [Fact]
    public void NumericColumns_CopyTheSpans()
    {
        int[] ints = [3, -1, 7];
        var a = ArrowColumns.Int32(ints);
        ints[0] = 99; // the column holds a copy
        Assert.Equal([3, -1, 7], a.Values.ToArray());
        Assert.Equal([5L, 6L], ArrowColumns.Int64([5L, 6L]).Values.ToArray());
        Assert.Equal([0.5, double.NaN], ArrowColumns.Float64([0.5, double.NaN]).Values.ToArray());
    }

    [Fact]
    public void Wrap_HandsTheArrayOverWithoutCopy_AndChecksTheLength()
    {
        var values = new double[] { 1, 2, 3, 4 };
        var buffer = ArrowColumns.Wrap(values, 3 * sizeof(double));
        var array = new DoubleArray(buffer, ArrowBuffer.Empty, 3, 0, 0);
        Assert.Equal([1.0, 2, 3], array.Values.ToArray());
        values[1] = 20; // no copy: the buffer sees the array
        Assert.Equal(20, array.GetValue(1));
        Assert.Equal(0, ArrowColumns.Wrap(values, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrowColumns.Wrap(values, 5 * sizeof(double)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrowColumns.Wrap(values, -1));
    }
}
