using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;

namespace NetOrbit.Graph;

/// <summary>
/// Row-wise writer for one table: values are given column by column in schema order, and
/// <see cref="EndRow"/> checks that every column got one. A wrong type or count is a programming
/// error and throws.
/// </summary>
internal sealed class TableRows
{
    private readonly TableDefinition _table;
    private readonly IArrowArrayBuilder[] _builders;
    private int _column;

    public TableRows(TableDefinition table)
    {
        _table = table;
        _builders = table.Schema.FieldsList.Select(f => Builder(f.DataType)).ToArray();
    }

    /// <summary>Complete rows so far.</summary>
    public int Count { get; private set; }

    /// <summary>Table name.</summary>
    public string Name => _table.Name;

    public TableRows Text(string value)
    {
        Next<StringArray.Builder>().Append(value);
        return this;
    }

    public TableRows Int(int? value)
    {
        var b = Next<Int32Array.Builder>();
        if (value is { } v)
        {
            b.Append(v);
        }
        else
        {
            b.AppendNull();
        }

        return this;
    }

    /// <summary>A string given as UTF-8 bytes (run ids, encoded once per run).</summary>
    public TableRows Utf8(ReadOnlySpan<byte> value)
    {
        Next<StringArray.Builder>().Append(value);
        return this;
    }

    public TableRows Long(long value)
    {
        Next<Int64Array.Builder>().Append(value);
        return this;
    }

    public TableRows Real(double? value)
    {
        var b = Next<DoubleArray.Builder>();
        if (value is { } v)
        {
            b.Append(v);
        }
        else
        {
            b.AppendNull();
        }

        return this;
    }

    public TableRows Bool(bool value)
    {
        Next<BooleanArray.Builder>().Append(value);
        return this;
    }

    public TableRows Reals(ReadOnlySpan<double> values)
    {
        var b = Next<ListArray.Builder>();
        b.Append();
        ((DoubleArray.Builder)b.ValueBuilder).Append(values);
        return this;
    }

    public TableRows NullReals()
    {
        Next<ListArray.Builder>().AppendNull();
        return this;
    }

    public void EndRow()
    {
        if (_column != _builders.Length)
        {
            throw new InvalidOperationException($"{_table.Name}: row has {_column} of {_builders.Length} columns.");
        }

        _column = 0;
        Count++;
    }

    /// <summary>The rows as one record batch of the table's schema.</summary>
    public RecordBatch Build()
    {
        if (_column != 0)
        {
            throw new InvalidOperationException($"{_table.Name}: unfinished row.");
        }

        var arrays = _builders.Select(Finish).ToArray();
        return new RecordBatch(_table.Schema, arrays, Count);
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
        where T : class
    {
        if (_column >= _builders.Length || _builders[_column] is not T builder)
        {
            throw new InvalidOperationException($"{_table.Name}: column {_column} does not take a {typeof(T).DeclaringType?.Name}.");
        }

        _column++;
        return builder;
    }

    private static IArrowArrayBuilder Builder(IArrowType type) => type switch
    {
        StringType => new StringArray.Builder(),
        Int32Type => new Int32Array.Builder(),
        Int64Type => new Int64Array.Builder(),
        DoubleType => new DoubleArray.Builder(),
        BooleanType => new BooleanArray.Builder(),
        ListType { ValueDataType: DoubleType } => new ListArray.Builder(DoubleType.Default),
        _ => throw new NotSupportedException($"No builder for {type.Name}."),
    };

    private static IArrowArray Finish(IArrowArrayBuilder builder) => builder switch
    {
        StringArray.Builder b => b.Build(),
        Int32Array.Builder b => b.Build(),
        Int64Array.Builder b => b.Build(),
        DoubleArray.Builder b => b.Build(),
        BooleanArray.Builder b => b.Build(),
        ListArray.Builder b => b.Build(),
        _ => throw new NotSupportedException(builder.GetType().Name),
    };
}
