using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetOrbit.Report;

/// <summary>
/// One Arrow table of a run directory read whole, with its columns as plain arrays. Nulls of a
/// float64 column read as NaN. A file that is not a readable Arrow IPC file, or lacks a column the
/// report needs, raises <see cref="InputFileException"/> naming the file.
/// </summary>
internal sealed class ReportTable
{
    private readonly Schema _schema;
    private readonly List<RecordBatch> _batches;

    private readonly int _skip;

    private ReportTable(string path, string name, Schema schema, List<RecordBatch> batches, int skip = 0, int? rows = null)
    {
        Path = path;
        Name = name;
        _schema = schema;
        _batches = batches;
        _skip = skip;
        Rows = rows ?? batches.Sum(b => b.Length);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The table's name relative to the run directory, e.g. <c>lyapunov/summary</c>.</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="name"/> is how the report names it.</summary>
    public static ReportTable Read(string path, string name) => Read(path, name, 0, long.MaxValue);

    /// <summary>Reads rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rows"/> - 1 of <paramref name="path"/> (one run of a trajectory part file).</summary>
    public static ReportTable Read(string path, string name, long firstRow, long rows)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            var count = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
            var batches = new List<RecordBatch>(count);
            long at = 0, end = rows == long.MaxValue ? long.MaxValue : firstRow + rows;
            var skip = 0;
            for (var i = 0; i < count && at < end; i++)
            {
                using var batch = reader.ReadRecordBatchAsync(i).AsTask().GetAwaiter().GetResult();
                if (at + batch.Length > firstRow)
                {
                    skip = batches.Count == 0 ? (int)(firstRow - at) : skip;
                    batches.Add(batch.Clone());
                }

                at += batch.Length;
            }

            return new ReportTable(path, name, reader.Schema, batches, skip, (int)Math.Min(batches.Sum(b => (long)b.Length) - skip, end - firstRow));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException or IndexOutOfRangeException or OverflowException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"not a readable Arrow IPC file ({e.Message})", inner: e);
        }
    }

    /// <summary>True when the table has a column of that name.</summary>
    public bool Has(string column) => _schema.GetFieldIndex(column) >= 0;

    /// <summary>A float64 column (nulls as NaN; int32/int64 columns widened).</summary>
    public double[] Doubles(string column) => Collect(column, static (a, i) => a switch
    {
        DoubleArray d => d.GetValue(i) ?? double.NaN,
        Int32Array n => n.GetValue(i) ?? double.NaN,
        Int64Array n => n.GetValue(i) is { } v ? v : double.NaN,
        _ => throw new InvalidCastException(a.Data.DataType.Name),
    });

    /// <summary>An int32 or int64 column as long (nulls as -1).</summary>
    public long[] Longs(string column) => Collect(column, static (a, i) => a switch
    {
        Int64Array n => n.GetValue(i) ?? -1,
        Int32Array n => n.GetValue(i) ?? -1,
        _ => throw new InvalidCastException(a.Data.DataType.Name),
    });

    /// <summary>A utf8 column (nulls as the empty string).</summary>
    public string[] Strings(string column) => Collect(column, static (a, i) => a is StringArray s ? s.GetString(i) ?? string.Empty : throw new InvalidCastException(a.Data.DataType.Name));

    /// <summary>A bool column (nulls as false).</summary>
    public bool[] Bools(string column) => Collect(column, static (a, i) => a is BooleanArray b ? b.GetValue(i) ?? false : throw new InvalidCastException(a.Data.DataType.Name));

    /// <summary>A list&lt;float64&gt; or fixed_size_list&lt;float64&gt; column, one array per row (null rows as empty).</summary>
    public double[][] Lists(string column) => Collect(column, static (a, i) =>
    {
        switch (a)
        {
            case ListArray l:
                {
                    if (l.IsNull(i))
                    {
                        return [];
                    }

                    var values = (DoubleArray)l.Values;
                    var start = l.ValueOffsets[i];
                    var length = l.ValueOffsets[i + 1] - start;
                    var row = new double[length];
                    for (var k = 0; k < length; k++)
                    {
                        row[k] = values.GetValue(start + k) ?? double.NaN;
                    }

                    return row;
                }

            case FixedSizeListArray f:
                {
                    var size = ((Apache.Arrow.Types.FixedSizeListType)f.Data.DataType).ListSize;
                    var values = (DoubleArray)f.Values;
                    return values.Values.Slice((f.Offset + i) * size, size).ToArray();
                }

            default:
                throw new InvalidCastException(a.Data.DataType.Name);
        }
    });

    /// <summary>The schema metadata value under <paramref name="key"/>, or null.</summary>
    public string? Metadata(string key) => _schema.Metadata is { } m && m.TryGetValue(key, out var v) ? v : null;

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Columns => [.. _schema.FieldsList.Select(f => f.Name)];

    private T[] Collect<T>(string column, Func<IArrowArray, int, T> get)
    {
        var index = _schema.GetFieldIndex(column);
        if (index < 0)
        {
            throw new InputFileException(Path, $"table {Name} has no column '{column}'");
        }

        var result = new T[Rows];
        var at = 0;
        var skip = _skip;
        try
        {
            foreach (var b in _batches)
            {
                var array = b.Column(index);
                for (var i = skip; i < b.Length && at < Rows; i++)
                {
                    result[at++] = get(array, i);
                }

                skip = 0;
            }
        }
        catch (InvalidCastException e)
        {
            throw new InputFileException(Path, $"table {Name}: column '{column}' has type {e.Message}, not the documented one", column: column);
        }

        return result;
    }
}
