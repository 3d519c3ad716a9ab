using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetOrbit.Lyapunov;

/// <summary>Reads a numeric series from a CSV file or an Arrow IPC file.</summary>
internal static class SeriesReader
{
    private static readonly byte[] ArrowMagic = "ARROW1"u8.ToArray();

    public static SeriesData Read(LyapunovCommandOptions o)
    {
        var path = o.Series;
        if (!File.Exists(path))
        {
            throw new SeriesFormatException($"{path}: no such file");
        }

        var head = new byte[6];
        using (var s = File.OpenRead(path))
        {
            var n = s.Read(head, 0, head.Length);
            if (n == head.Length && head.AsSpan().SequenceEqual(ArrowMagic))
            {
                s.Position = 0;
                return ReadArrow(path, s, o);
            }
        }

        return ReadCsv(path, o.Column);
    }

    private static SeriesData ReadCsv(string path, string? column)
    {
        var lines = File.ReadAllLines(path);
        var first = System.Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0)
        {
            throw new SeriesFormatException($"{path}: the file is empty");
        }

        var firstCells = Split(lines[first]);
        var hasHeader = firstCells.Any(c => !TryNumber(c, out _));
        var names = hasHeader ? firstCells : Enumerable.Range(0, firstCells.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        int index;
        if (column is null)
        {
            index = 0;
        }
        else
        {
            index = System.Array.IndexOf(names, column);
            if (index < 0 && !hasHeader && int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < names.Length)
            {
                index = i;
            }

            if (index < 0)
            {
                throw new SeriesFormatException($"{path}: no column '{column}'; columns are {string.Join(", ", names)}");
            }
        }

        var values = new List<double>();
        for (var r = hasHeader ? first + 1 : first; r < lines.Length; r++)
        {
            if (string.IsNullOrWhiteSpace(lines[r]))
            {
                continue;
            }

            var cells = Split(lines[r]);
            if (cells.Length != names.Length)
            {
                throw new SeriesFormatException($"{path}: row {r + 1}: expected {names.Length} columns, found {cells.Length}");
            }

            if (!TryNumber(cells[index], out var v))
            {
                throw new SeriesFormatException($"{path}: row {r + 1}, column {names[index]}: expected a finite number, found '{cells[index]}'");
            }

            values.Add(v);
        }

        return new SeriesData(names[index], [.. values], 1);
    }

    private static SeriesData ReadArrow(string path, Stream stream, LyapunovCommandOptions o)
    {
        try
        {
            using var reader = new ArrowFileReader(stream, leaveOpen: true);
            var schema = reader.Schema;
            var name = o.Column ?? (schema.GetFieldIndex("weights") >= 0 ? "weights" : FirstNumeric(schema));
            if (name is null || schema.GetFieldIndex(name) < 0)
            {
                var available = string.Join(", ", schema.FieldsList.Select(f => f.Name));
                throw new SeriesFormatException(name is null
                    ? $"{path}: no numeric column; columns are {available}"
                    : $"{path}: no column '{name}'; columns are {available}");
            }

            var col = schema.GetFieldIndex(name);
            var memberCol = schema.GetFieldIndex("member");
            var runCol = schema.GetFieldIndex("run_id");
            var member = o.Member ?? 0;
            var values = new List<double>();
            var width = 0;
            var runs = new SortedSet<string>(StringComparer.Ordinal);
            long row = 0;
            RecordBatch? batch;
            while ((batch = reader.ReadNextRecordBatch()) is not null)
            {
                using (batch)
                {
                    var array = batch.Column(col);
                    for (var i = 0; i < batch.Length; i++, row++)
                    {
                        if (memberCol >= 0 && batch.Column(memberCol) is Int32Array m && m.GetValue(i) != member)
                        {
                            continue;
                        }

                        if (runCol >= 0 && batch.Column(runCol) is StringArray runs0)
                        {
                            var id = runs0.GetString(i) ?? string.Empty;
                            if (o.Run is not null && id != o.Run)
                            {
                                continue;
                            }

                            runs.Add(id);
                        }

                        width = Append(path, name, array, i, row, values);
                    }
                }
            }

            if (o.Run is null && runs.Count > 1)
            {
                throw new SeriesFormatException($"{path}: holds {runs.Count} runs ({string.Join(", ", runs.Take(5))}{(runs.Count > 5 ? ", ..." : "")}); choose one with --run");
            }

            if (values.Count == 0)
            {
                throw new SeriesFormatException($"{path}: no rows for column {name}{(memberCol >= 0 ? $", member {member}" : "")}{(o.Run is null ? "" : $", run {o.Run}")}");
            }

            return new SeriesData(name, [.. values], Math.Max(1, width));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or InvalidOperationException)
        {
            throw new SeriesFormatException($"{path}: not a readable Arrow IPC file: {e.Message}");
        }
    }

    private static int Append(string path, string name, IArrowArray array, int i, long row, List<double> values)
    {
        if (array.IsNull(i))
        {
            throw new SeriesFormatException($"{path}: row {row}, column {name}: null value");
        }

        if (array is FixedSizeListArray list && list.Values is DoubleArray inner)
        {
            var size = ((Apache.Arrow.Types.FixedSizeListType)list.Data.DataType).ListSize;
            var span = inner.Values.Slice((list.Offset + i) * size, size);
            foreach (var v in span)
            {
                if (!double.IsFinite(v))
                {
                    throw new SeriesFormatException($"{path}: row {row}, column {name}: non-finite value {v}");
                }
            }

            values.AddRange(span.ToArray());
            return size;
        }

        double x = array switch
        {
            DoubleArray d => d.GetValue(i)!.Value,
            FloatArray f => f.GetValue(i)!.Value,
            Int64Array l => l.GetValue(i)!.Value,
            Int32Array n => n.GetValue(i)!.Value,
            Int16Array s => s.GetValue(i)!.Value,
            _ => throw new SeriesFormatException($"{path}: column {name} has type {array.Data.DataType.Name}; expected a numeric column or fixed_size_list<float64>"),
        };
        if (!double.IsFinite(x))
        {
            throw new SeriesFormatException($"{path}: row {row}, column {name}: non-finite value {x}");
        }

        values.Add(x);
        return 1;
    }

    private static string? FirstNumeric(Schema schema) =>
        schema.FieldsList.FirstOrDefault(f => f.DataType.TypeId is Apache.Arrow.Types.ArrowTypeId.Double or Apache.Arrow.Types.ArrowTypeId.Float
            or Apache.Arrow.Types.ArrowTypeId.Int64 or Apache.Arrow.Types.ArrowTypeId.Int32 or Apache.Arrow.Types.ArrowTypeId.Int16
            && f.Name is not ("member" or "step"))?.Name;

    private static string[] Split(string line) => line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
