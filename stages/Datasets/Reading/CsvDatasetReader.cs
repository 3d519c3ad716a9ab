using System.Globalization;
using System.IO.Compression;
using NetOrbit.Datasets.Sources;

namespace NetOrbit.Datasets.Reading;

/// <summary>
/// Reads a labelled CSV table (header required) into <see cref="RawData"/>: the chosen feature
/// columns parsed as finite invariant-culture doubles, and the label column as class names.
/// </summary>
internal static class CsvDatasetReader
{
    /// <summary>Column names that the <c>datasets/1</c> table uses itself; a feature may not take them.</summary>
    internal static readonly string[] ReservedNames = ["row", "label", "class", "split"];

    /// <summary>Reads a file from disk; names ending in <c>.gz</c> are decompressed.</summary>
    public static RawData ReadFile(string path, string labelColumn, IReadOnlyList<string>? featureColumns)
    {
        Stream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot open the file: {e.Message}", inner: e);
        }

        using (stream)
        {
            return Read(Decompress(stream, path), path, labelColumn, featureColumns);
        }
    }

    /// <summary>Wraps <paramref name="stream"/> in a gzip decompressor when <paramref name="name"/> ends in <c>.gz</c>.</summary>
    public static Stream Decompress(Stream stream, string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;

    /// <summary>Reads CSV text; <paramref name="file"/> names the source in error messages.</summary>
    public static RawData Read(Stream stream, string file, string labelColumn, IReadOnlyList<string>? featureColumns)
    {
        try
        {
            using var text = new StreamReader(stream, leaveOpen: true);
            return Read(text, file, labelColumn, featureColumns);
        }
        catch (InvalidDataException e)
        {
            // A corrupt gzip stream.
            throw new InputFileException(file, $"cannot decompress: {e.Message}", inner: e);
        }
    }

    private static RawData Read(TextReader text, string file, string labelColumn, IReadOnlyList<string>? featureColumns)
    {
        var csv = new CsvRecordReader(text, file);
        var header = csv.Next() ?? throw new InputFileException(file, "the file is empty; a header line naming the columns is required");
        var headerLine = csv.Line;
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
        {
            if (header[c].Length == 0)
            {
                throw new InputFileException(file, $"header field {c + 1} is empty; every column needs a name", headerLine);
            }

            if (!position.TryAdd(header[c], c))
            {
                throw new InputFileException(file, "duplicate column name in the header", headerLine, column: header[c]);
            }
        }

        if (!position.TryGetValue(labelColumn, out var labelAt))
        {
            throw new InputFileException(file, $"label column '{labelColumn}' is missing; the header has: {string.Join(", ", header)}", headerLine);
        }

        int[] featureAt;
        string[] featureNames;
        if (featureColumns is null)
        {
            featureAt = Enumerable.Range(0, header.Length).Where(c => c != labelAt).ToArray();
            featureNames = featureAt.Select(c => header[c]).ToArray();
        }
        else
        {
            featureNames = [.. featureColumns];
            featureAt = new int[featureNames.Length];
            for (var f = 0; f < featureNames.Length; f++)
            {
                if (!position.TryGetValue(featureNames[f], out featureAt[f]))
                {
                    throw new InputFileException(file, $"feature column '{featureNames[f]}' is missing; the header has: {string.Join(", ", header)}", headerLine);
                }
            }
        }

        if (featureNames.Length == 0)
        {
            throw new InputFileException(file, "no feature columns: the header has only the label column", headerLine);
        }

        foreach (var name in featureNames)
        {
            if (ReservedNames.Contains(name, StringComparer.Ordinal))
            {
                throw new InputFileException(file, $"feature column '{name}' clashes with a column of the datasets table ({string.Join(", ", ReservedNames)}); rename it or list the features explicitly", headerLine, column: name);
            }
        }

        var features = new List<double>();
        var labels = new List<string>();
        while (csv.Next() is { } record)
        {
            var row = labels.Count;
            if (record.Length != header.Length)
            {
                throw new InputFileException(file, $"expected {header.Length} fields as in the header, found {record.Length}", csv.Line, row);
            }

            for (var f = 0; f < featureAt.Length; f++)
            {
                var s = record[featureAt[f]];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    throw new InputFileException(file, s.Length == 0 ? "empty value; expected a number" : $"'{s}' is not a number (invariant culture, e.g. 5.1 or 1e-3)", csv.Line, row, featureNames[f]);
                }

                if (!double.IsFinite(v))
                {
                    throw new InputFileException(file, $"'{s}' is not a finite number", csv.Line, row, featureNames[f]);
                }

                features.Add(v);
            }

            var label = record[labelAt];
            if (label.Length == 0)
            {
                throw new InputFileException(file, "empty label", csv.Line, row, labelColumn);
            }

            labels.Add(label);
        }

        if (labels.Count == 0)
        {
            throw new InputFileException(file, "no data rows after the header");
        }

        var (classNames, indices) = ClassIndex.Build(labels);
        return new RawData(featureNames, classNames, [.. features], indices);
    }
}
