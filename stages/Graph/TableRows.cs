using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;

namespace NetOrbit.Graph;

/// <summary>
/// Row-wise writer for one table: values are given column by column in schema order, and
/// <see cref="EndRow"/> checks that every column got one. Values go into plain arrays (a store per
/// value, where Arrow's builders cost tens of ns per value through their validity bookkeeping),
/// sized up front for the rows a run is expected to write, and <see cref="Build"/> hands those
/// arrays to the Arrow batch without copying them, so a run allocates each column once. The
/// writer is empty and reusable afterwards. A table whose first column is the run id gets it
/// filled in by <see cref="Build"/> (one copy per row, not one call). A wrong type or count is a
/// programming error and throws.
/// </summary>
internal sealed class TableRows
{
    private readonly TableDefinition _table;
    private readonly Column[] _columns;
    private readonly byte[]? _runId;
    private readonly int _first;
    private int _column;

    /// <summary>
    /// Creates a writer for <paramref name="table"/> with room for <paramref name="capacity"/> rows
    /// (and <paramref name="listValues"/> values in each list column) before any column grows. With
    /// <paramref name="runId"/> (UTF-8), the first column, a string, holds it on every row and rows
    /// start at the second column.
    /// </summary>
    public TableRows(TableDefinition table, int capacity = 0, byte[]? runId = null, int listValues = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(listValues);
        _table = table;
        var fields = table.Schema.FieldsList;
        _columns = new Column[fields.Count];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = Column.For(fields[i].DataType, capacity, listValues);
        }

        if (runId is not null && (_columns.Length == 0 || _columns[0] is not Utf8Column))
        {
            throw new ArgumentException($"{table.Name}: a run id needs a string first column.", nameof(runId));
        }

        _runId = runId;
        _first = runId is null ? 0 : 1;
        _column = _first;
    }

    /// <summary>Complete rows so far.</summary>
    public int Count { get; private set; }

    /// <summary>Values in the fullest list column so far (0 without list columns).</summary>
    public int ListValues
    {
        get
        {
            var most = 0;
            foreach (var column in _columns)
            {
                if (column is DoubleListColumn list)
                {
                    most = Math.Max(most, list.Values);
                }
            }

            return most;
        }
    }

    /// <summary>Table name.</summary>
    public string Name => _table.Name;

    public TableRows Text(string value) => Utf8(Encoding.UTF8.GetBytes(value));

    /// <summary>A string given as UTF-8 bytes (encoded once per run).</summary>
    public TableRows Utf8(ReadOnlySpan<byte> value)
    {
        (Next() as Utf8Column ?? throw WrongColumn(nameof(Utf8Column))).Add(value);
        return this;
    }

    public TableRows Int(int value)
    {
        (Next() as Int32Column ?? throw WrongColumn(nameof(Int32Column))).Add(value);
        return this;
    }

    public TableRows Int(int? value)
    {
        var column = Next() as Int32Column ?? throw WrongColumn(nameof(Int32Column));
        if (value.HasValue)
        {
            column.Add(value.GetValueOrDefault());
        }
        else
        {
            column.AddNull();
        }

        return this;
    }

    public TableRows Long(long value)
    {
        (Next() as Int64Column ?? throw WrongColumn(nameof(Int64Column))).Add(value);
        return this;
    }

    public TableRows Real(double value)
    {
        (Next() as DoubleColumn ?? throw WrongColumn(nameof(DoubleColumn))).Add(value);
        return this;
    }

    public TableRows Real(double? value)
    {
        var column = Next() as DoubleColumn ?? throw WrongColumn(nameof(DoubleColumn));
        if (value.HasValue)
        {
            column.Add(value.GetValueOrDefault());
        }
        else
        {
            column.AddNull();
        }

        return this;
    }

    public TableRows Bool(bool value)
    {
        (Next() as BoolColumn ?? throw WrongColumn(nameof(BoolColumn))).Add(value);
        return this;
    }

    public TableRows Reals(ReadOnlySpan<double> values)
    {
        (Next() as DoubleListColumn ?? throw WrongColumn(nameof(DoubleListColumn))).Add(values);
        return this;
    }

    public TableRows NullReals()
    {
        (Next() as DoubleListColumn ?? throw WrongColumn(nameof(DoubleListColumn))).AddNull();
        return this;
    }

    public void EndRow()
    {
        if (_column != _columns.Length)
        {
            throw new InvalidOperationException($"{_table.Name}: row has {_column} of {_columns.Length} columns.");
        }

        _column = _first;
        Count++;
    }

    /// <summary>The rows as one record batch of the table's schema; the writer is empty afterwards.</summary>
    public RecordBatch Build()
    {
        if (_column != _first)
        {
            throw new InvalidOperationException($"{_table.Name}: unfinished row.");
        }

        var arrays = new IArrowArray[_columns.Length];
        if (_runId is not null)
        {
            ((Utf8Column)_columns[0]).AddRepeated(_runId, Count);
        }

        for (var i = 0; i < arrays.Length; i++)
        {
            // Row and block calls mixed up would leave columns of different lengths.
            if (_columns[i].Length != Count)
            {
                throw new InvalidOperationException($"{_table.Name}: column {i} has {_columns[i].Length} values for {Count} rows.");
            }

            arrays[i] = _columns[i].Build(Count);
        }

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

    /// <summary>The column the next value goes to (null past the last one); a non-generic lookup, so the caller's type test is a plain class check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Column? Next()
    {
        var columns = _columns;
        var index = _column;
        if ((uint)index >= (uint)columns.Length)
        {
            return null;
        }

        _column = index + 1;
        return columns[index];
    }

    private InvalidOperationException WrongColumn(string type) =>
        new($"{_table.Name}: column {_column - 1} does not take a {type}.");

    /// <summary>Growable typed storage of one column.</summary>
    private abstract class Column
    {
        public static Column For(IArrowType type, int capacity, int listValues) => type switch
        {
            StringType => new Utf8Column(capacity),
            Int32Type => new Int32Column(capacity),
            Int64Type => new Int64Column(capacity),
            DoubleType => new DoubleColumn(capacity),
            BooleanType => new BoolColumn(capacity),
            ListType { ValueDataType: DoubleType } => new DoubleListColumn(capacity, listValues),
            _ => throw new NotSupportedException($"No column storage for {type.Name}."),
        };

        /// <summary>Values so far.</summary>
        public abstract int Length { get; }

        /// <summary>Builds the Arrow array of the first <paramref name="length"/> values and empties the column.</summary>
        public abstract IArrowArray Build(int length);

        /// <summary>The first <paramref name="count"/> values as an Arrow buffer that takes the array over (no copy).</summary>
        protected static ArrowBuffer HandOver(double[] values, int count) => HandOverBytes(values, count * sizeof(double));

        protected static ArrowBuffer HandOver(int[] values, int count) => HandOverBytes(values, count * sizeof(int));

        protected static ArrowBuffer HandOver(byte[] values, int count) => count == 0 ? ArrowBuffer.Empty : new(values.AsMemory(0, count));

        private static ArrowBuffer HandOverBytes(System.Array values, int bytes) =>
            ArrowColumns.Wrap(values, bytes);

        [MethodImpl(MethodImplOptions.NoInlining)]
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
        private int _filled;

        public int NullCount { get; private set; }

        /// <summary>Marks value <paramref name="index"/> null (every earlier value not marked is valid).</summary>
        public void SetNull(int index)
        {
            if (_bits is null)
            {
                _bits = new byte[Math.Max(16, (index + 8) / 8 * 2)];
                _bits.AsSpan(0, (index + 7) / 8).Fill(0xFF);
                _bits[index / 8] = (byte)((1 << (index % 8)) - 1);
            }
            else
            {
                Fill(index);
            }

            _bits[index / 8] &= (byte)~(1 << (index % 8));
            _filled = index + 1;
            NullCount++;
        }

        /// <summary>Sets the bits of the valid values since the last null, up to <paramref name="end"/> (exclusive).</summary>
        private void Fill(int end)
        {
            var bits = _bits!;
            if (end / 8 >= bits.Length)
            {
                System.Array.Resize(ref bits, Math.Max(end / 8 + 1, bits.Length * 2));
                _bits = bits;
            }

            for (var i = _filled; i < end; i++)
            {
                bits[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        public ArrowBuffer Build(int length)
        {
            if (_bits is null)
            {
                return ArrowBuffer.Empty;
            }

            Fill(length);
            var buffer = HandOverBits(_bits, (length + 7) / 8);
            _bits = null;
            _filled = 0;
            NullCount = 0;
            return buffer;
        }
    }

    private static ArrowBuffer HandOverBits(byte[] bits, int count) => new(bits.AsMemory(0, count));

    /// <summary>A column of fixed-width values with optional nulls (validity bits allocated at the first null).</summary>
    private abstract class ValueColumn<T>(int capacity) : Column
        where T : unmanaged
    {
        private Validity? _validity;
        private T[] _values = new T[capacity];
        private int _count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(T value)
        {
            var values = _values;
            var count = _count;
            if ((uint)count >= (uint)values.Length)
            {
                Grow(ref _values, count + 1);
                values = _values;
            }

            values[count] = value;
            _count = count + 1;
        }

        public void AddNull()
        {
            (_validity ??= new Validity()).SetNull(_count);
            Add(default);
        }

        public override int Length => _count;

        /// <summary>The first <paramref name="length"/> values and their validity as Arrow buffers (no copy); empties the column.</summary>
        protected (ArrowBuffer Values, ArrowBuffer Validity, int Nulls) Take(int length)
        {
            var nulls = _validity?.NullCount ?? 0;
            var validity = _validity?.Build(length) ?? ArrowBuffer.Empty;
            var values = length == 0 ? ArrowBuffer.Empty : ArrowColumns.Wrap(_values, length * Unsafe.SizeOf<T>());
            _values = [];
            _validity = null;
            _count = 0;
            return (values, validity, nulls);
        }
    }

    private sealed class DoubleColumn(int capacity) : ValueColumn<double>(capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new DoubleArray(values, validity, length, nulls, 0);
        }
    }

    private sealed class Int32Column(int capacity) : ValueColumn<int>(capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new Int32Array(values, validity, length, nulls, 0);
        }
    }

    private sealed class Int64Column(int capacity) : ValueColumn<long>(capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new Int64Array(values, validity, length, nulls, 0);
        }
    }

    private sealed class BoolColumn(int capacity) : Column
    {
        private byte[] _bits = new byte[(capacity + 7) / 8];
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

        public override int Length => _count;

        public override IArrowArray Build(int length)
        {
            var array = new BooleanArray(HandOverBits(_bits, (length + 7) / 8), ArrowBuffer.Empty, length, 0, 0);
            _bits = [];
            _count = 0;
            return array;
        }
    }

    private sealed class Utf8Column(int capacity) : Column
    {
        private byte[] _data = [];
        private int[] _offsets = new int[capacity + 1];
        private int _count;

        public void Add(ReadOnlySpan<byte> value)
        {
            var end = _offsets[_count];
            Grow(ref _data, end + value.Length);
            value.CopyTo(_data.AsSpan(end));
            Grow(ref _offsets, _count + 2);
            _offsets[++_count] = end + value.Length;
        }

        /// <summary>Appends <paramref name="value"/> <paramref name="count"/> times.</summary>
        public void AddRepeated(byte[] value, int count)
        {
            var end = _offsets[_count];
            Grow(ref _data, end + value.Length * count);
            Grow(ref _offsets, _count + count + 1);
            for (var i = 0; i < count; i++)
            {
                value.CopyTo(_data, end);
                end += value.Length;
                _offsets[++_count] = end;
            }
        }

        public override int Length => _count;

        public override IArrowArray Build(int length)
        {
            var array = new StringArray(length, HandOver(_offsets, length + 1), HandOver(_data, _offsets[length]), ArrowBuffer.Empty, 0, 0);
            _offsets = [0];
            _data = [];
            _count = 0;
            return array;
        }
    }

    private sealed class DoubleListColumn(int capacity, int values) : Column
    {
        private static readonly ListType Type = new(DoubleType.Default);
        private Validity? _validity;
        private double[] _values = new double[values];
        private int[] _offsets = new int[capacity + 1];
        private int _count;

        public void Add(ReadOnlySpan<double> values)
        {
            var end = _offsets[_count];
            Grow(ref _values, end + values.Length);
            values.CopyTo(_values.AsSpan(end));
            Grow(ref _offsets, _count + 2);
            _offsets[++_count] = end + values.Length;
        }

        /// <summary>Values in all lists so far.</summary>
        public int Values => _offsets[_count];

        public void AddNull()
        {
            (_validity ??= new Validity()).SetNull(_count);
            Grow(ref _offsets, _count + 2);
            _offsets[_count + 1] = _offsets[_count];
            _count++;
        }

        public override int Length => _count;

        public override IArrowArray Build(int length)
        {
            var total = _offsets[length];
            var values = new DoubleArray(HandOver(_values, total), ArrowBuffer.Empty, total, 0, 0);
            var nulls = _validity?.NullCount ?? 0;
            var validity = _validity?.Build(length) ?? ArrowBuffer.Empty;
            var array = new ListArray(Type, length, HandOver(_offsets, length + 1), values, validity, nulls, 0);
            _offsets = [0];
            _values = [];
            _count = 0;
            return array;
        }
    }

    /// <summary>
    /// Exposes the first bytes of a primitive array as the memory of an Arrow buffer; the array is
    /// handed over, not shared. Not generic, so one class serves every column type (a generic
    /// manager costs a JIT-compiled copy of its methods per element type).
    /// </summary>
}
