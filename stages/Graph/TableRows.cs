using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;

namespace NetOrbit.Graph;

/// <summary>
/// Row-wise writer for one table: values are given column by column in schema order, and
/// <see cref="EndRow"/> checks that every column got one. Values go into plain growable arrays (a
/// store per value, where Arrow's builders cost tens of ns per value through their validity
/// bookkeeping) and become Arrow arrays only in <see cref="Build"/>, which copies them into
/// right-sized buffers owned by the batch and empties the writer for reuse. A wrong type or count
/// is a programming error and throws.
/// </summary>
internal sealed class TableRows
{
    private readonly TableDefinition _table;
    private readonly Column[] _columns;
    private int _column;

    public TableRows(TableDefinition table)
    {
        _table = table;
        _columns = table.Schema.FieldsList.Select(f => Column.For(f.DataType)).ToArray();
    }

    /// <summary>Complete rows so far.</summary>
    public int Count { get; private set; }

    /// <summary>Table name.</summary>
    public string Name => _table.Name;

    public TableRows Text(string value) => Utf8(Encoding.UTF8.GetBytes(value));

    /// <summary>A string given as UTF-8 bytes (run ids, encoded once per run).</summary>
    public TableRows Utf8(ReadOnlySpan<byte> value)
    {
        Next<Utf8Column>().Add(value);
        return this;
    }

    public TableRows Int(int? value)
    {
        Next<Int32Column>().Add(value);
        return this;
    }

    public TableRows Long(long value)
    {
        Next<Int64Column>().Add(value);
        return this;
    }

    public TableRows Real(double? value)
    {
        Next<DoubleColumn>().Add(value);
        return this;
    }

    public TableRows Bool(bool value)
    {
        Next<BoolColumn>().Add(value);
        return this;
    }

    public TableRows Reals(ReadOnlySpan<double> values)
    {
        Next<DoubleListColumn>().Add(values);
        return this;
    }

    public TableRows NullReals()
    {
        Next<DoubleListColumn>().AddNull();
        return this;
    }

    public void EndRow()
    {
        if (_column != _columns.Length)
        {
            throw new InvalidOperationException($"{_table.Name}: row has {_column} of {_columns.Length} columns.");
        }

        _column = 0;
        Count++;
    }

    /// <summary>The rows as one record batch of the table's schema; the writer is empty afterwards.</summary>
    public RecordBatch Build()
    {
        if (_column != 0)
        {
            throw new InvalidOperationException($"{_table.Name}: unfinished row.");
        }

        var arrays = _columns.Select(c => c.Build(Count)).ToArray();
        var batch = new RecordBatch(_table.Schema, arrays, Count);
        Count = 0;
        return batch;
    }

    /// <summary>Appends the rows to <paramref name="output"/> when there are any.</summary>
    public void AppendTo(Stages.IStageOutput output)
    {
        if (Count > 0)
        {
            output.Append(_table.Name, Build());
        }
    }

    private T Next<T>()
        where T : Column
    {
        if (_column >= _columns.Length || _columns[_column] is not T column)
        {
            throw new InvalidOperationException($"{_table.Name}: column {_column} does not take a {typeof(T).Name}.");
        }

        _column++;
        return column;
    }

    /// <summary>Growable typed storage of one column.</summary>
    private abstract class Column
    {
        public static Column For(IArrowType type) => type switch
        {
            StringType => new Utf8Column(),
            Int32Type => new Int32Column(),
            Int64Type => new Int64Column(),
            DoubleType => new DoubleColumn(),
            BooleanType => new BoolColumn(),
            ListType { ValueDataType: DoubleType } => new DoubleListColumn(),
            _ => throw new NotSupportedException($"No column storage for {type.Name}."),
        };

        /// <summary>Builds the Arrow array of the first <paramref name="length"/> values and empties the column.</summary>
        public abstract IArrowArray Build(int length);

        protected static ArrowBuffer Copy<T>(T[] values, int count)
            where T : struct => new(MemoryMarshal.AsBytes(values.AsSpan(0, count)).ToArray());

        protected static void Grow<T>(ref T[] values, int needed)
        {
            if (needed > values.Length)
            {
                System.Array.Resize(ref values, Math.Max(needed, Math.Max(16, values.Length * 2)));
            }
        }
    }

    /// <summary>Validity bits, allocated at the first null only.</summary>
    private sealed class Validity
    {
        private byte[]? _bits;
        private int _count;

        public int NullCount { get; private set; }

        public void Add(bool valid)
        {
            if (!valid && _bits is null)
            {
                _bits = new byte[Math.Max(16, (_count + 8) / 8 * 2)];
                _bits.AsSpan(0, (_count + 7) / 8).Fill(0xFF);
            }

            if (_bits is not null)
            {
                if (_count / 8 >= _bits.Length)
                {
                    System.Array.Resize(ref _bits, _bits.Length * 2);
                }

                if (valid)
                {
                    _bits[_count / 8] |= (byte)(1 << (_count % 8));
                }
                else
                {
                    _bits[_count / 8] &= (byte)~(1 << (_count % 8));
                    NullCount++;
                }
            }

            _count++;
        }

        public ArrowBuffer Build(int length)
        {
            var buffer = _bits is null ? ArrowBuffer.Empty : new ArrowBuffer(_bits.AsSpan(0, (length + 7) / 8).ToArray());
            if (_bits is not null)
            {
                System.Array.Clear(_bits);
            }

            _count = 0;
            NullCount = 0;
            return buffer;
        }
    }

    private sealed class DoubleColumn : Column
    {
        private readonly Validity _validity = new();
        private double[] _values = [];
        private int _count;

        public void Add(double? value)
        {
            Grow(ref _values, _count + 1);
            _values[_count++] = value ?? 0;
            _validity.Add(value.HasValue);
        }

        public override IArrowArray Build(int length)
        {
            var nulls = _validity.NullCount;
            var array = new DoubleArray(Copy(_values, length), _validity.Build(length), length, nulls, 0);
            _count = 0;
            return array;
        }
    }

    private sealed class Int32Column : Column
    {
        private readonly Validity _validity = new();
        private int[] _values = [];
        private int _count;

        public void Add(int? value)
        {
            Grow(ref _values, _count + 1);
            _values[_count++] = value ?? 0;
            _validity.Add(value.HasValue);
        }

        public override IArrowArray Build(int length)
        {
            var nulls = _validity.NullCount;
            var array = new Int32Array(Copy(_values, length), _validity.Build(length), length, nulls, 0);
            _count = 0;
            return array;
        }
    }

    private sealed class Int64Column : Column
    {
        private long[] _values = [];
        private int _count;

        public void Add(long value)
        {
            Grow(ref _values, _count + 1);
            _values[_count++] = value;
        }

        public override IArrowArray Build(int length)
        {
            var array = new Int64Array(Copy(_values, length), ArrowBuffer.Empty, length, 0, 0);
            _count = 0;
            return array;
        }
    }

    private sealed class BoolColumn : Column
    {
        private byte[] _bits = [];
        private int _count;

        public void Add(bool value)
        {
            Grow(ref _bits, _count / 8 + 1);
            if (value)
            {
                _bits[_count / 8] |= (byte)(1 << (_count % 8));
            }

            _count++;
        }

        public override IArrowArray Build(int length)
        {
            var array = new BooleanArray(new ArrowBuffer(_bits.AsSpan(0, (length + 7) / 8).ToArray()), ArrowBuffer.Empty, length, 0, 0);
            System.Array.Clear(_bits);
            _count = 0;
            return array;
        }
    }

    private sealed class Utf8Column : Column
    {
        private byte[] _data = [];
        private int[] _offsets = [0];
        private int _count;

        public void Add(ReadOnlySpan<byte> value)
        {
            var end = _offsets[_count];
            Grow(ref _data, end + value.Length);
            value.CopyTo(_data.AsSpan(end));
            Grow(ref _offsets, _count + 2);
            _offsets[++_count] = end + value.Length;
        }

        public override IArrowArray Build(int length)
        {
            var array = new StringArray(length, Copy(_offsets, length + 1), Copy(_data, _offsets[length]), ArrowBuffer.Empty, 0, 0);
            _count = 0;
            return array;
        }
    }

    private sealed class DoubleListColumn : Column
    {
        private static readonly ListType Type = new(DoubleType.Default);
        private readonly Validity _validity = new();
        private double[] _values = [];
        private int[] _offsets = [0];
        private int _count;

        public void Add(ReadOnlySpan<double> values)
        {
            var end = _offsets[_count];
            Grow(ref _values, end + values.Length);
            values.CopyTo(_values.AsSpan(end));
            Grow(ref _offsets, _count + 2);
            _offsets[++_count] = end + values.Length;
            _validity.Add(true);
        }

        public void AddNull()
        {
            Grow(ref _offsets, _count + 2);
            _offsets[_count + 1] = _offsets[_count];
            _count++;
            _validity.Add(false);
        }

        public override IArrowArray Build(int length)
        {
            var total = _offsets[length];
            var values = new DoubleArray(Copy(_values, total), ArrowBuffer.Empty, total, 0, 0);
            var nulls = _validity.NullCount;
            var array = new ListArray(Type, length, Copy(_offsets, length + 1), values, _validity.Build(length), nulls, 0);
            _count = 0;
            return array;
        }
    }
}
