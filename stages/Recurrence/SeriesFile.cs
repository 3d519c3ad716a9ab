using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace NetOrbit.Recurrence;

/// <summary>A series read from a file: row-major values, <see cref="Components"/> per sample.</summary>
/// <param name="Values">Samples, row-major.</param>
/// <param name="Components">Values per sample (1 for a scalar series).</param>
/// <param name="Column">The column(s) read, for reports.</param>
internal sealed record Series(double[] Values, int Components, string Column)
{
    internal int Length => Values.Length / Components;
}

/// <summary>
/// Reads the series the <c>netorbit rqa</c> command analyses: a CSV file (a header of names, or
/// no header; one or more numeric columns) or an Arrow IPC file (a numeric column, or a
/// <c>weights</c> fixed_size_list&lt;float64&gt; column for vector series; when a <c>member</c>
/// column exists only the chosen member's rows are read). Every value must be finite.
/// </summary>
internal static class SeriesFile
{
    internal static Series Read(string path, string? column, int? member, int? first)
    {
        if (!File.Exists(path))
        {
            throw new SeriesFileException(path, "file not found");
        }

        bool arrow = path.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".feather", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".ipc", StringComparison.OrdinalIgnoreCase);
        try
        {
            var series = arrow ? ReadArrow(path, column, member, first) : ReadCsv(path, column, first);
            if (first is { } f && series.Length < f)
            {
                throw new SeriesFileException(path, $"--first {f} asks for more samples than the series holds ({series.Length})");
            }

            return series;
        }
        catch (IOException e)
        {
            throw new SeriesFileException(path, e.Message, inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SeriesFileException(path, e.Message, inner: e);
        }
    }

    private static Series ReadCsv(string path, string? column, int? first)
    {
        string[]? names = null;
        int[]? selected = null;
        var values = new List<double>();
        int lineNumber = 0;
        long row = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            if (first is { } f && row >= f)
            {
                break;
            }

            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = fields[i].Trim().Trim('"');
            }

            if (names is null)
            {
                bool header = fields.Any(x => !double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                names = header ? fields : [.. Enumerable.Range(1, fields.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))];
                selected = SelectCsvColumns(path, names, column, header);
                if (header)
                {
                    continue;
                }
            }

            if (fields.Length != names.Length)
            {
                throw new SeriesFileException(path, $"{fields.Length} fields, expected {names.Length}", line: lineNumber, row: row);
            }

            foreach (int c in selected!)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new SeriesFileException(path, $"'{fields[c]}' is not a number", line: lineNumber, row: row, column: names[c]);
                }

                if (!double.IsFinite(v))
                {
                    throw new SeriesFileException(path, $"{fields[c]} is not a finite number", line: lineNumber, row: row, column: names[c]);
                }

                values.Add(v);
            }

            row++;
        }

        if (names is null || row == 0)
        {
            throw new SeriesFileException(path, "no data rows");
        }

        string description = string.Join(",", selected!.Select(c => names[c]));
        return new Series([.. values], selected!.Length, description);
    }

    private static int[] SelectCsvColumns(string path, string[] names, string? column, bool header)
    {
        if (column is null)
        {
            return [.. Enumerable.Range(0, names.Length)];
        }

        int index = System.Array.IndexOf(names, column);
        if (index < 0 && !header && int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= names.Length)
        {
            index = k - 1;
        }

        if (index < 0)
        {
            string available = header ? string.Join(", ", names) : $"1..{names.Length} (the file has no header)";
            throw new SeriesFileException(path, $"no column '{column}'; columns: {available}");
        }

        return [index];
    }

    private static Series ReadArrow(string path, string? column, int? member, int? first)
    {
        using var stream = File.OpenRead(path);
        ArrowFileReader reader;
        Schema schema;
        try
        {
            reader = new ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
            schema = reader.Schema;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException or EndOfStreamException or FormatException)
        {
            throw new SeriesFileException(path, "not an Arrow IPC file: " + e.Message, inner: e);
        }

        using (reader)
        {
            var field = ChooseArrowColumn(path, schema, column);
            int fieldIndex = schema.GetFieldIndex(field.Name);
            int memberIndex = schema.FieldsList.ToList().FindIndex(f => f.Name == "member" && f.DataType is Int32Type or Int64Type);
            int components = field.DataType is FixedSizeListType list ? list.ListSize : 1;
            int wantedMember = member ?? 0;
            if (member is not null && memberIndex < 0)
            {
                throw new SeriesFileException(path, "the file has no 'member' column to select from");
            }

            var values = new List<double>();
            long row = 0;
            long taken = 0;
            RecordBatch? batch;
            while ((batch = reader.ReadNextRecordBatch()) is not null)
            {
                using (batch)
                {
                    var array = batch.Column(fieldIndex);
                    var members = memberIndex >= 0 ? batch.Column(memberIndex) : null;
                    for (int i = 0; i < batch.Length; i++, row++)
                    {
                        if (first is { } f && taken >= f)
                        {
                            break;
                        }

                        if (members is not null && MemberOf(members, i) != wantedMember)
                        {
                            continue;
                        }

                        AppendArrowValue(path, field.Name, array, i, row, components, values);
                        taken++;
                    }
                }
            }

            if (taken == 0)
            {
                string which = memberIndex >= 0 ? $" for member {wantedMember}" : string.Empty;
                throw new SeriesFileException(path, $"no data rows{which}", column: field.Name);
            }

            return new Series([.. values], components, field.Name);
        }
    }

    private static Field ChooseArrowColumn(string path, Schema schema, string? column)
    {
        static bool Usable(Field f) => f.DataType is DoubleType or FloatType or Int32Type or Int64Type
            || (f.DataType is FixedSizeListType l && l.ValueDataType is DoubleType);
        string available = string.Join(", ", schema.FieldsList.Where(Usable).Select(f => f.Name));
        if (column is not null)
        {
            var f = schema.FieldsList.FirstOrDefault(x => x.Name == column)
                ?? throw new SeriesFileException(path, $"no column '{column}'; numeric columns: {available}");
            if (!Usable(f))
            {
                throw new SeriesFileException(path, $"type {f.DataType.Name} is not numeric (float64, float32, int32, int64 or fixed_size_list<float64>)", column: column);
            }

            return f;
        }

        var weights = schema.FieldsList.FirstOrDefault(x => x.Name == "weights" && Usable(x));
        if (weights is not null)
        {
            return weights;
        }

        var numeric = schema.FieldsList.Where(x => Usable(x) && x.Name is not "member" and not "step").ToList();
        return numeric.Count == 1
            ? numeric[0]
            : throw new SeriesFileException(path, numeric.Count == 0 ? "no numeric column" : $"several numeric columns, choose one with --column: {available}");
    }

    private static long MemberOf(IArrowArray members, int i) => members switch
    {
        Int32Array a => a.GetValue(i) ?? -1,
        Int64Array a => a.GetValue(i) ?? -1,
        _ => -1,
    };

    private static void AppendArrowValue(string path, string name, IArrowArray array, int i, long row, int components, List<double> values)
    {
        if (array.IsNull(i))
        {
            throw new SeriesFileException(path, "null value", row: row, column: name);
        }

        if (array is FixedSizeListArray list)
        {
            var items = (DoubleArray)list.Values;
            int start = (list.Offset + i) * components;
            for (int k = 0; k < components; k++)
            {
                if (items.IsNull(start + k))
                {
                    throw new SeriesFileException(path, $"null at element {k}", row: row, column: name);
                }

                double v = items.Values[start + k];
                if (!double.IsFinite(v))
                {
                    throw new SeriesFileException(path, $"element {k} is {v.ToString(CultureInfo.InvariantCulture)}, not finite", row: row, column: name);
                }

                values.Add(v);
            }

            return;
        }

        double x = array switch
        {
            DoubleArray a => a.Values[i],
            FloatArray a => a.Values[i],
            Int32Array a => a.Values[i],
            Int64Array a => a.Values[i],
            _ => throw new SeriesFileException(path, "unsupported column type", column: name),
        };
        if (!double.IsFinite(x))
        {
            throw new SeriesFileException(path, $"{x.ToString(CultureInfo.InvariantCulture)} is not finite", row: row, column: name);
        }

        values.Add(x);
    }
}
