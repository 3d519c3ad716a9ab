using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetOrbit.Testing;

/// <summary>Reads the files of a run directory for the checks: a stage's tables, leftovers, whole-file reads and row contents.</summary>
internal static class TableFiles
{
    /// <summary>Table names (e.g. <c>lyapunov/summary</c>) of the <c>.arrow</c> files under the stage's folder, sorted.</summary>
    public static List<string> StageTables(string runDirectory, string stage)
    {
        var folder = Path.Combine(runDirectory, stage);
        return !Directory.Exists(folder)
            ? []
            : [.. Directory.GetFiles(folder, "*.arrow", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(runDirectory, f)[..^".arrow".Length].Replace('\\', '/'))
                .Order(StringComparer.Ordinal)];
    }

    /// <summary>Temporary files (<c>*.tmp</c>) anywhere in the run directory, relative.</summary>
    public static List<string> TemporaryFiles(string runDirectory) =>
        [.. Directory.GetFiles(runDirectory, "*.tmp", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(runDirectory, f))];

    /// <summary>The path of table <paramref name="table"/> in <paramref name="runDirectory"/>.</summary>
    public static string PathOf(string runDirectory, string table) => Path.Combine(runDirectory, table.Replace('/', Path.DirectorySeparatorChar) + ".arrow");

    /// <summary>Reads the whole file (footer, schema, every batch); throws when it is not a complete Arrow IPC file.</summary>
    public static (Schema Schema, long Rows) ReadWhole(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var count = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
        long rows = 0;
        for (var i = 0; i < count; i++)
        {
            using var b = reader.ReadRecordBatchAsync(i).AsTask().GetAwaiter().GetResult();
            rows += b.Length;
        }

        return (reader.Schema, rows);
    }

    /// <summary>
    /// Every row of the table as text, values exact (floating point as bits), whatever the record
    /// batches the rows were written in: two tables with equal rows are the same table.
    /// </summary>
    public static List<string> Rows(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var count = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
        var rows = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var b = reader.ReadRecordBatchAsync(i).AsTask().GetAwaiter().GetResult();
            for (var r = 0; r < b.Length; r++)
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, b.ColumnCount).Select(c => Value(b.Column(c), r))));
            }
        }

        return rows;
    }

    private static string Value(IArrowArray array, int i)
    {
        if (array.IsNull(i))
        {
            return "null";
        }

        return array switch
        {
            DoubleArray d => "f64:" + BitConverter.DoubleToInt64Bits(d.GetValue(i)!.Value).ToString("x16", CultureInfo.InvariantCulture),
            FloatArray f => "f32:" + BitConverter.SingleToInt32Bits(f.GetValue(i)!.Value).ToString("x8", CultureInfo.InvariantCulture),
            StringArray s => "\"" + s.GetString(i) + "\"",
            BooleanArray b => b.GetValue(i)!.Value ? "true" : "false",
            Int8Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int16Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int32Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int64Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt8Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt16Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt32Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt64Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            ListArray l => "[" + string.Join(", ", Range(l.ValueOffsets[i], l.ValueOffsets[i + 1]).Select(j => Value(l.Values, j))) + "]",
            FixedSizeListArray l => "[" + string.Join(", ", Range((l.Offset + i) * ListSize(l), (l.Offset + i + 1) * ListSize(l)).Select(j => Value(l.Values, j))) + "]",
            StructArray s => "{" + string.Join(", ", s.Fields.Select(f => Value(f, i))) + "}",
            _ => throw new NotSupportedException($"the conformance kit cannot compare Arrow type {array.Data.DataType.Name}"),
        };
    }

    private static int ListSize(FixedSizeListArray l) => ((Apache.Arrow.Types.FixedSizeListType)l.Data.DataType).ListSize;

    private static IEnumerable<int> Range(int from, int to) => Enumerable.Range(from, to - from);
}
