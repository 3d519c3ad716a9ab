using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Stages;

namespace NetOrbit.Arrow;

/// <summary>
/// Builds the record batches of one table row by row: the one way stages (built-in and plugin)
/// turn their results into Arrow. Declare the table with <see cref="TableDefinition.Create"/> and
/// <see cref="TableFields"/>, give each row's values with the typed appends (<see cref="Int(int)"/>,
/// <see cref="Long(long)"/>, <see cref="Real(double)"/>, <see cref="Bool(bool)"/>,
/// <see cref="Text"/>, <see cref="Reals"/>, <see cref="Null"/>, ...), end it with
/// <see cref="EndRow"/>, and take the rows with <see cref="Build"/> (or <see cref="AppendTo"/>) as
/// one record batch whose schema is the table's, metadata included.
/// </summary>
/// <remarks>
/// <para>
/// Values go to the columns in schema order; <see cref="At(int)"/> or <see cref="At(string)"/>
/// moves to a column by index or name, so a row may be filled in any order. <see cref="EndRow"/>
/// checks that every column got exactly one value. A value of the wrong type for its column, or a
/// null for a non-nullable column, throws <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// Supported column types: utf8, int32, int64, float64, boolean, and list&lt;float64&gt;. Values
/// go into plain arrays (a store per value, where Arrow's builders cost tens of ns per value
/// through their validity bookkeeping), sized up front from the capacity hints, and
/// <see cref="Build"/> hands those arrays to Arrow without copying them. Validity bits are
/// allocated at a column's first null only. The builder is empty and reusable after
/// <see cref="Build"/>; batches already built are unaffected, so a stage can flush every so many
/// rows and get the same rows as from one batch.
/// </para>
/// <para>
/// With a run id, the table's first column (utf8) holds it on every row: rows start at the second
/// column and <see cref="Build"/> fills the first (one copy per row, not one call).
/// </para>
/// </remarks>
public sealed class RowBatchBuilder
{
    private readonly TableDefinition _table;
    private readonly Column[] _columns;
    private readonly byte[]? _runId;
    private readonly int _first;
    private int _column;
    private bool _moved;

    /// <summary>
    /// Creates a builder for <paramref name="table"/> with room for <paramref name="capacity"/>
    /// rows (and <paramref name="listValues"/> values in each list column) before any column grows.
    /// With <paramref name="runId"/>, the first column, utf8, holds it on every row and rows start
    /// at the second column.
    /// </summary>
    /// <exception cref="NotSupportedException">A column's type is not supported.</exception>
    /// <exception cref="ArgumentException">A run id is given but the first column is not utf8.</exception>
    public RowBatchBuilder(TableDefinition table, int capacity = 0, string? runId = null, int listValues = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(listValues);
        _table = table;
        var fields = table.Schema.FieldsList;
        _columns = new Column[fields.Count];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = Column.For(fields[i], capacity, listValues);
        }

        if (runId is not null && (_columns.Length == 0 || _columns[0] is not Utf8Column))
        {
            throw new ArgumentException($"{table.Name}: a run id needs a utf8 first column.", nameof(runId));
        }

        _runId = runId is null ? null : Encoding.UTF8.GetBytes(runId);
        _first = runId is null ? 0 : 1;
        _column = _first;
    }

    /// <summary>The table the rows are for.</summary>
    public TableDefinition Table => _table;

    /// <summary>Table name.</summary>
    public string Name => _table.Name;

    /// <summary>Complete rows since the last <see cref="Build"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Values in the fullest list column so far (0 without list columns): a capacity hint for the next builder.</summary>
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

    /// <summary>Moves to column <paramref name="index"/> (schema order): the next value goes there.</summary>
    public RowBatchBuilder At(int index)
    {
        if (index < _first || index >= _columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{_table.Name}: no column {index} to fill (columns {_first} to {_columns.Length - 1}).");
        }

        _column = index;
        _moved = true;
        return this;
    }

    /// <summary>Moves to the column named <paramref name="name"/>: the next value goes there.</summary>
    public RowBatchBuilder At(string name)
    {
        var index = _table.Schema.GetFieldIndex(name);
        if (index < 0)
        {
            throw new ArgumentException($"{_table.Name}: no column '{name}'.", nameof(name));
        }

        return At(index);
    }

    /// <summary>Appends a utf8 value.</summary>
    public RowBatchBuilder Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        (Next() as Utf8Column ?? throw WrongColumn("utf8")).Add(value);
        return this;
    }

    /// <summary>Appends a utf8 value given as UTF-8 bytes (encode a repeated string once).</summary>
    public RowBatchBuilder Utf8(ReadOnlySpan<byte> value)
    {
        (Next() as Utf8Column ?? throw WrongColumn("utf8")).Add(value);
        return this;
    }

    /// <summary>Appends an int32 value.</summary>
    public RowBatchBuilder Int(int value)
    {
        (Next() as Int32Column ?? throw WrongColumn("int32")).Add(value);
        return this;
    }

    /// <summary>Appends an int32 value, or a null.</summary>
    public RowBatchBuilder Int(int? value)
    {
        var column = Next() as Int32Column ?? throw WrongColumn("int32");
        if (value.HasValue)
        {
            column.Add(value.GetValueOrDefault());
        }
        else
        {
            AddNull(column);
        }

        return this;
    }

    /// <summary>Appends an int64 value.</summary>
    public RowBatchBuilder Long(long value)
    {
        (Next() as Int64Column ?? throw WrongColumn("int64")).Add(value);
        return this;
    }

    /// <summary>Appends an int64 value, or a null.</summary>
    public RowBatchBuilder Long(long? value)
    {
        var column = Next() as Int64Column ?? throw WrongColumn("int64");
        if (value.HasValue)
        {
            column.Add(value.GetValueOrDefault());
        }
        else
        {
            AddNull(column);
        }

        return this;
    }

    /// <summary>Appends a float64 value.</summary>
    public RowBatchBuilder Real(double value)
    {
        (Next() as DoubleColumn ?? throw WrongColumn("double")).Add(value);
        return this;
    }

    /// <summary>Appends a float64 value, or a null.</summary>
    public RowBatchBuilder Real(double? value)
    {
        var column = Next() as DoubleColumn ?? throw WrongColumn("double");
        if (value.HasValue)
        {
            column.Add(value.GetValueOrDefault());
        }
        else
        {
            AddNull(column);
        }

        return this;
    }

    /// <summary>Appends a boolean value.</summary>
    public RowBatchBuilder Bool(bool value)
    {
        (Next() as BoolColumn ?? throw WrongColumn("boolean")).Add(value);
        return this;
    }

    /// <summary>Appends a boolean value, or a null.</summary>
    public RowBatchBuilder Bool(bool? value) => value.HasValue ? Bool(value.GetValueOrDefault()) : Null();

    /// <summary>Appends a list&lt;float64&gt; value (copied; an empty span is an empty list, not a null).</summary>
    public RowBatchBuilder Reals(ReadOnlySpan<double> values)
    {
        (Next() as DoubleListColumn ?? throw WrongColumn("list<double>")).Add(values);
        return this;
    }

    /// <summary>Appends a null list to a list&lt;float64&gt; column.</summary>
    public RowBatchBuilder NullReals()
    {
        AddNull(Next() as DoubleListColumn ?? throw WrongColumn("list<double>"));
        return this;
    }

    /// <summary>Appends a null to the current column, whatever its type; it must be nullable.</summary>
    public RowBatchBuilder Null()
    {
        AddNull(Next() ?? throw WrongColumn("null"));
        return this;
    }

    /// <summary>Ends the row. Throws when a column did not get exactly one value.</summary>
    public void EndRow()
    {
        if (_moved)
        {
            _moved = false;
            for (var i = _first; i < _columns.Length; i++)
            {
                if (_columns[i].Length != Count + 1)
                {
                    throw new InvalidOperationException($"{_table.Name}: column {i} ('{_table.Schema.FieldsList[i].Name}') has {_columns[i].Length - Count} values in row {Count}, not 1.");
                }
            }
        }
        else if (_column != _columns.Length)
        {
            throw new InvalidOperationException($"{_table.Name}: row has {_column} of {_columns.Length} columns.");
        }

        _column = _first;
        Count++;
    }

    /// <summary>The rows so far as one record batch of the table's schema; the builder is empty afterwards.</summary>
    public RecordBatch Build()
    {
        if (_column != _first || _moved)
        {
            throw new InvalidOperationException($"{_table.Name}: unfinished row.");
        }

        var arrays = new IArrowArray[_columns.Length];
        if (_runId is not null)
        {
            ((Utf8Column)_columns[0]).AddRepeated(_runId, Count - _columns[0].Length);
        }

        for (var i = 0; i < arrays.Length; i++)
        {
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

    /// <summary>Appends the rows so far to <paramref name="output"/> as one batch when there are any; the builder is empty afterwards.</summary>
    public void AppendTo(IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
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
        _column = index + 1;
        return (uint)index < (uint)columns.Length ? columns[index] : null;
    }

    private void AddNull(Column column)
    {
        if (!column.Nullable)
        {
            var index = _column - 1;
            _column = index;
            throw new InvalidOperationException($"{_table.Name}: column {index} ('{_table.Schema.FieldsList[index].Name}') is not nullable.");
        }

        column.AddNull();
    }

    private InvalidOperationException WrongColumn(string type)
    {
        var index = _column - 1;
        _column = index; // the failed value takes no place
        return index < _columns.Length
            ? new($"{_table.Name}: column {index} ('{_table.Schema.FieldsList[index].Name}', {_table.Schema.FieldsList[index].DataType.Name}) does not take a {type} value.")
            : new($"{_table.Name}: a {type} value past the last column ({_columns.Length} columns).");
    }

    // Bytes (bit maps, utf8 data) handed to Arrow without a copy.
    private static ArrowBuffer HandOverBytes(byte[] bytes, int count) => count == 0 ? ArrowBuffer.Empty : new(bytes.AsMemory(0, count));

    /// <summary>Growable typed storage of one column.</summary>
    private abstract class Column(bool nullable)
    {
        public static Column For(Field field, int capacity, int listValues) => field.DataType switch
        {
            StringType => new Utf8Column(field.IsNullable, capacity),
            Int32Type => new Int32Column(field.IsNullable, capacity),
            Int64Type => new Int64Column(field.IsNullable, capacity),
            DoubleType => new DoubleColumn(field.IsNullable, capacity),
            BooleanType => new BoolColumn(field.IsNullable, capacity),
            ListType { ValueDataType: DoubleType } list => new DoubleListColumn(list, field.IsNullable, capacity, listValues),
            var type => throw new NotSupportedException($"Column '{field.Name}': no row storage for {type.Name}."),
        };

        /// <summary>Whether the field takes nulls.</summary>
        public bool Nullable => nullable;

        /// <summary>Values so far.</summary>
        public abstract int Length { get; }

        /// <summary>Validity bits, null until the first null value.</summary>
        protected Validity? NullBits { get; set; }

        /// <summary>Appends a null (the column is nullable).</summary>
        public void AddNull()
        {
            (NullBits ??= new Validity()).SetNull(Length);
            AddEmpty();
        }

        /// <summary>Builds the Arrow array of the first <paramref name="length"/> values and empties the column.</summary>
        public abstract IArrowArray Build(int length);

        /// <summary>Appends the placeholder value behind a null.</summary>
        protected abstract void AddEmpty();

        /// <summary>The validity buffer and null count of the first <paramref name="length"/> values (no copy); resets the bits.</summary>
        protected (ArrowBuffer Validity, int Nulls) TakeValidity(int length)
        {
            var nulls = NullBits?.NullCount ?? 0;
            var validity = NullBits?.Build(length) ?? ArrowBuffer.Empty;
            NullBits = null;
            return (validity, nulls);
        }

        protected static ArrowBuffer HandOver(int[] values, int count) => ArrowColumns.Wrap(values, count * sizeof(int));

        protected static ArrowBuffer HandOver(double[] values, int count) => ArrowColumns.Wrap(values, count * sizeof(double));

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
            var buffer = HandOverBytes(_bits, (length + 7) / 8);
            _bits = null;
            _filled = 0;
            NullCount = 0;
            return buffer;
        }
    }

    /// <summary>A column of fixed-width values.</summary>
    private abstract class ValueColumn<T>(bool nullable, int capacity) : Column(nullable)
        where T : unmanaged
    {
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

        public override int Length => _count;

        protected override void AddEmpty() => Add(default);

        /// <summary>The first <paramref name="length"/> values and their validity as Arrow buffers (no copy); empties the column.</summary>
        protected (ArrowBuffer Values, ArrowBuffer Validity, int Nulls) Take(int length)
        {
            var (validity, nulls) = TakeValidity(length);
            var values = length == 0 ? ArrowBuffer.Empty : ArrowColumns.Wrap(_values, length * Unsafe.SizeOf<T>());
            _values = [];
            _count = 0;
            return (values, validity, nulls);
        }
    }

    private sealed class DoubleColumn(bool nullable, int capacity) : ValueColumn<double>(nullable, capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new DoubleArray(values, validity, length, nulls, 0);
        }
    }

    private sealed class Int32Column(bool nullable, int capacity) : ValueColumn<int>(nullable, capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new Int32Array(values, validity, length, nulls, 0);
        }
    }

    private sealed class Int64Column(bool nullable, int capacity) : ValueColumn<long>(nullable, capacity)
    {
        public override IArrowArray Build(int length)
        {
            var (values, validity, nulls) = Take(length);
            return new Int64Array(values, validity, length, nulls, 0);
        }
    }

    private sealed class BoolColumn(bool nullable, int capacity) : Column(nullable)
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

        protected override void AddEmpty() => Add(false);

        public override IArrowArray Build(int length)
        {
            var (validity, nulls) = TakeValidity(length);
            var array = new BooleanArray(HandOverBytes(_bits, (length + 7) / 8), validity, length, nulls, 0);
            _bits = [];
            _count = 0;
            return array;
        }
    }

    private sealed class Utf8Column(bool nullable, int capacity) : Column(nullable)
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

        /// <summary>Appends <paramref name="value"/>, encoded straight into the column.</summary>
        public void Add(string value)
        {
            var end = _offsets[_count];
            Grow(ref _data, end + Encoding.UTF8.GetMaxByteCount(value.Length));
            var written = Encoding.UTF8.GetBytes(value, _data.AsSpan(end));
            Grow(ref _offsets, _count + 2);
            _offsets[++_count] = end + written;
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

        protected override void AddEmpty() => Add([]);

        public override IArrowArray Build(int length)
        {
            var (validity, nulls) = TakeValidity(length);
            var array = new StringArray(length, HandOver(_offsets, length + 1), HandOverBytes(_data, _offsets[length]), validity, nulls, 0);
            _offsets = [0];
            _data = [];
            _count = 0;
            return array;
        }
    }

    private sealed class DoubleListColumn(ListType type, bool nullable, int capacity, int values) : Column(nullable)
    {
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

        public override int Length => _count;

        protected override void AddEmpty() => Add([]);

        public override IArrowArray Build(int length)
        {
            var total = _offsets[length];
            var values = new DoubleArray(HandOver(_values, total), ArrowBuffer.Empty, total, 0, 0);
            var (validity, nulls) = TakeValidity(length);
            var array = new ListArray(type, length, HandOver(_offsets, length + 1), values, validity, nulls, 0);
            _offsets = [0];
            _values = [];
            _count = 0;
            return array;
        }
    }
}
