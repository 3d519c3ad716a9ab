using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace NetOrbit.TimeSeries;

/// <summary>
/// Reads the series that <c>netorbit rqa</c> and <c>netorbit lyapunov</c> analyse: a CSV file (a header
/// of names, or no header; one or more numeric columns; gzip-compressed where the name ends in <c>.gz</c>) or an Arrow IPC file (a numeric column, or a
/// <c>weights</c> fixed_size_list&lt;float64&gt; column for vector series; only the chosen member's and
/// run's rows are read where <c>member</c> and <c>run_id</c> columns exist). Every value must be finite;
/// any problem is an <see cref="InputFileException"/> naming the file, line, row and column.
/// </summary>
public static class SeriesFile
{
    private static ReadOnlySpan<byte> ArrowMagic => "ARROW1"u8;

    /// <summary>Reads <paramref name="path"/>; see <see cref="SeriesSelection"/> for what is read.</summary>
    public static Series Read(string path, SeriesSelection selection)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(selection);
        if (!File.Exists(path))
        {
            throw new InputFileException(path, "no such file");
        }

        try
        {
            var series = IsArrow(path) ? ReadArrow(path, selection) : ReadCsv(path, selection);
            if (selection.First is { } f && series.Length < f)
            {
                throw new InputFileException(path, $"--first {f} asks for more samples than the series holds ({series.Length})");
            }

            return series;
        }
        catch (IOException e)
        {
            throw new InputFileException(path, e.Message, inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputFileException(path, e.Message, inner: e);
        }
        catch (InvalidDataException e) when (CompressedText.IsGzip(path))
        {
            throw new InputFileException(path, "not a readable gzip file: " + e.Message, inner: e);
        }
    }

    // An Arrow extension, or the IPC file magic whatever the name.
    private static bool IsArrow(string path)
    {
        if (path.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".feather", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".ipc", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<byte> head = stackalloc byte[6];
        using var s = File.OpenRead(path);
        return s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(ArrowMagic);
    }

    private static Series ReadCsv(string path, SeriesSelection selection)
    {
        string[]? names = null;
        int[]? selected = null;
        var values = new List<double>();
        int lineNumber = 0;
        long row = 0;
        foreach (string raw in CompressedText.ReadLines(path))
        {
            lineNumber++;
            if (selection.First is { } f && row >= f)
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
                names = header
                    ? fields
                    : [.. Enumerable.Range(selection.FirstColumnNumber, fields.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))];
                selected = SelectCsvColumns(path, names, selection, header);
                if (header)
                {
                    continue;
                }
            }

            if (fields.Length != names.Length)
            {
                throw new InputFileException(path, $"expected {names.Length} columns, found {fields.Length}", line: lineNumber, row: row);
            }

            foreach (int c in selected!)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new InputFileException(path, $"'{fields[c]}' is not a number", line: lineNumber, row: row, column: names[c]);
                }

                if (!double.IsFinite(v))
                {
                    throw new InputFileException(path, $"{fields[c]} is not a finite number", line: lineNumber, row: row, column: names[c]);
                }

                values.Add(v);
            }

            row++;
        }

        if (names is null || row == 0)
        {
            throw new InputFileException(path, "no data rows");
        }

        string description = string.Join(",", selected!.Select(c => names[c]));
        return new Series([.. values], selected!.Length, description);
    }

    private static int[] SelectCsvColumns(string path, string[] names, SeriesSelection selection, bool header)
    {
        if (selection.Column is not { } column)
        {
            return selection.AllColumnsByDefault ? [.. Enumerable.Range(0, names.Length)] : [0];
        }

        int index = System.Array.IndexOf(names, column);
        if (index < 0 && !header && int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && k >= selection.FirstColumnNumber && k - selection.FirstColumnNumber < names.Length)
        {
            index = k - selection.FirstColumnNumber;
        }

        if (index < 0)
        {
            string available = header
                ? string.Join(", ", names)
                : $"{selection.FirstColumnNumber}..{selection.FirstColumnNumber + names.Length - 1} (the file has no header)";
            throw new InputFileException(path, $"no column '{column}'; columns: {available}");
        }

        return [index];
    }

    private static Series ReadArrow(string path, SeriesSelection selection)
    {
        using var stream = File.OpenRead(path);
        try
        {
            using var reader = new ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
            return ReadArrow(path, reader, selection);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException or EndOfStreamException or FormatException)
        {
            throw new InputFileException(path, Arrow.ArrowMagic.Problem(path) ?? "not a readable Arrow IPC file: " + e.Message, inner: e);
        }
    }

    private static Series ReadArrow(string path, ArrowFileReader reader, SeriesSelection selection)
    {
        var schema = reader.Schema;
        var field = ChooseArrowColumn(path, schema, selection);
        int fieldIndex = schema.GetFieldIndex(field.Name);
        int memberIndex = schema.FieldsList.ToList().FindIndex(f => f.Name == "member" && f.DataType is Int32Type or Int64Type);
        int runIndex = schema.FieldsList.ToList().FindIndex(f => f.Name == "run_id" && f.DataType is StringType);
        int components = field.DataType is FixedSizeListType list ? list.ListSize : 1;
        int wantedMember = selection.Member ?? 0;
        if (selection.Member is not null && memberIndex < 0)
        {
            throw new InputFileException(path, "the file has no 'member' column to select from");
        }

        if (selection.Run is not null && runIndex < 0)
        {
            throw new InputFileException(path, "the file has no 'run_id' column to select from");
        }

        var values = new List<double>();
        var runs = new SortedSet<string>(StringComparer.Ordinal);
        long row = 0;
        long taken = 0;
        RecordBatch? batch;
        while ((batch = reader.ReadNextRecordBatch()) is not null)
        {
            using (batch)
            {
                var array = batch.Column(fieldIndex);
                var members = memberIndex >= 0 ? batch.Column(memberIndex) : null;
                var runIds = runIndex >= 0 ? (StringArray)batch.Column(runIndex) : null;
                for (int i = 0; i < batch.Length; i++, row++)
                {
                    if (selection.First is { } f && taken >= f)
                    {
                        break;
                    }

                    if (members is not null && MemberOf(members, i) != wantedMember)
                    {
                        continue;
                    }

                    if (runIds is not null)
                    {
                        string id = runIds.GetString(i) ?? string.Empty;
                        if (selection.Run is not null && id != selection.Run)
                        {
                            continue;
                        }

                        runs.Add(id);
                    }

                    AppendArrowValue(path, field.Name, array, i, row, components, values);
                    taken++;
                }
            }
        }

        if (selection.Run is null && runs.Count > 1)
        {
            throw new InputFileException(path, $"holds {runs.Count} runs ({string.Join(", ", runs.Take(5))}{(runs.Count > 5 ? ", ..." : "")}); choose one with --run");
        }

        if (taken == 0)
        {
            string which = (memberIndex >= 0 ? $" for member {wantedMember}" : string.Empty) + (selection.Run is null ? string.Empty : $" of run {selection.Run}");
            throw new InputFileException(path, $"no data rows{which}", column: field.Name);
        }

        return new Series([.. values], components, field.Name);
    }

    private static bool Usable(Field f) => f.DataType is DoubleType or FloatType or Int16Type or Int32Type or Int64Type
        || (f.DataType is FixedSizeListType l && l.ValueDataType is DoubleType);

    private static Field ChooseArrowColumn(string path, Schema schema, SeriesSelection selection)
    {
        string available = string.Join(", ", schema.FieldsList.Where(Usable).Select(f => f.Name));
        if (selection.Column is { } column)
        {
            var f = schema.FieldsList.FirstOrDefault(x => x.Name == column)
                ?? throw new InputFileException(path, $"no column '{column}'; numeric columns: {available}");
            if (!Usable(f))
            {
                throw new InputFileException(path, $"type {f.DataType.Name} is not numeric (float64, float32, int16, int32, int64 or fixed_size_list<float64>)", column: column);
            }

            return f;
        }

        var weights = schema.FieldsList.FirstOrDefault(x => x.Name == "weights" && Usable(x));
        if (weights is not null)
        {
            return weights;
        }

        var numeric = schema.FieldsList.Where(x => Usable(x) && x.Name is not "member" and not "step").ToList();
        if (numeric.Count == 0)
        {
            throw new InputFileException(path, "no numeric column");
        }

        return numeric.Count == 1 || !selection.AllColumnsByDefault
            ? numeric[0]
            : throw new InputFileException(path, $"several numeric columns, choose one with --column: {available}");
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
            throw new InputFileException(path, "null value", row: row, column: name);
        }

        if (array is FixedSizeListArray list)
        {
            var items = (DoubleArray)list.Values;
            int start = (list.Offset + i) * components;
            for (int k = 0; k < components; k++)
            {
                if (items.IsNull(start + k))
                {
                    throw new InputFileException(path, $"null at element {k}", row: row, column: name);
                }

                double v = items.Values[start + k];
                if (!double.IsFinite(v))
                {
                    throw new InputFileException(path, $"element {k} is {v.ToString(CultureInfo.InvariantCulture)}, not finite", row: row, column: name);
                }

                values.Add(v);
            }

            return;
        }

        double x = array switch
        {
            DoubleArray a => a.Values[i],
            FloatArray a => a.Values[i],
            Int16Array a => a.Values[i],
            Int32Array a => a.Values[i],
            Int64Array a => a.Values[i],
            _ => throw new InputFileException(path, "unsupported column type", column: name),
        };
        if (!double.IsFinite(x))
        {
            throw new InputFileException(path, $"{x.ToString(CultureInfo.InvariantCulture)} is not finite", row: row, column: name);
        }

        values.Add(x);
    }
}
