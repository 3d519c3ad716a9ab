using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetOrbit.Tests.Support;

/// <summary>Reads whole Arrow IPC files in tests.</summary>
internal static class ArrowRead
{
    public static (Schema Schema, List<RecordBatch> Batches) File(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var batches = new List<RecordBatch>();
        for (var i = 0; i < reader.RecordBatchCountAsync().Result; i++)
        {
            batches.Add(reader.ReadRecordBatchAsync(i).Result.Clone());
        }

        return (reader.Schema, batches);
    }

    public static List<T> Column<T>(string path, string column, Func<IArrowArray, int, T> get)
    {
        var (schema, batches) = File(path);
        var index = schema.GetFieldIndex(column);
        var values = new List<T>();
        foreach (var b in batches)
        {
            for (var i = 0; i < b.Length; i++)
            {
                values.Add(get(b.Column(index), i));
            }
        }

        return values;
    }

    public static List<double> Doubles(string path, string column) => Column(path, column, (a, i) => ((DoubleArray)a).GetValue(i) ?? double.NaN);

    public static List<long> Longs(string path, string column) => Column(path, column, (a, i) => a is Int64Array l ? l.GetValue(i)!.Value : ((Int32Array)a).GetValue(i)!.Value);

    public static List<string> Strings(string path, string column) => Column(path, column, (a, i) => ((StringArray)a).GetString(i));

    public static List<double[]> Vectors(string path, string column) => Column(path, column, (a, i) =>
    {
        var list = (FixedSizeListArray)a;
        var size = ((Apache.Arrow.Types.FixedSizeListType)list.Data.DataType).ListSize;
        var values = (DoubleArray)list.Values;
        return values.Values.Slice((list.Offset + i) * size, size).ToArray();
    });

    /// <summary>Every row as column name -&gt; value (float64, int32, bool, utf8; another column type throws).</summary>
    public static List<Dictionary<string, object?>> Rows(string path)
    {
        var (_, batches) = File(path);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var row = new Dictionary<string, object?>();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    row[batch.Schema.FieldsList[c].Name] = batch.Column(c) switch
                    {
                        DoubleArray a => a.GetValue(r),
                        Int32Array a => a.GetValue(r),
                        Int64Array a => a.GetValue(r),
                        BooleanArray a => a.GetValue(r),
                        StringArray a => a.GetString(r),
                        var other => throw new NotSupportedException($"{path}: column {batch.Schema.FieldsList[c].Name} has type {other.Data.DataType.Name}, which Rows does not read"),
                    };
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
