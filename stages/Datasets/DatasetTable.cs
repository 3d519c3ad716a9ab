using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Data;

namespace NetOrbit.Datasets;

/// <summary>
/// The <c>datasets/1</c> table, <c>datasets/&lt;name&gt;.arrow</c>: the exact data a run used, one row
/// per sample: <c>row</c>, one float64 column per feature (as the network saw it), <c>label</c>
/// (class index), <c>class</c> (class name) and <c>split</c> (train | test). Documented in schemas/datasets.md.
/// </summary>
public static class DatasetTable
{
    /// <summary>Table name (and the run-directory folder).</summary>
    public const string Name = "datasets";

    /// <summary>Schema version.</summary>
    public const int Version = 1;

    /// <summary>Metadata key: the dataset's name.</summary>
    public const string DatasetKey = "netorbit.dataset";

    /// <summary>Metadata key: <c>true</c> when the features were standardised, else <c>false</c>.</summary>
    public const string StandardizedKey = "netorbit.standardized";

    /// <summary>Metadata key: JSON list of the class names in class-index order (classes without rows included).</summary>
    public const string ClassesKey = "netorbit.classes";

    /// <summary>Rows per record batch.</summary>
    internal const int BatchRows = 65_536;

    /// <summary>Relative path of a dataset's table in a run directory: <c>datasets/&lt;name&gt;.arrow</c>.</summary>
    public static string RelativePath(string datasetName) => $"{Name}/{datasetName}.arrow";

    /// <summary>The table's definition for <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The dataset as the networks see it.</param>
    /// <param name="standardized">Whether its features were standardised (<see cref="DatasetRecipe.Standardize"/>).</param>
    public static TableDefinition Definition(Dataset dataset, bool standardized)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var fields = new List<Field>(dataset.FeatureCount + 4) { new("row", Int32Type.Default, nullable: false) };
        foreach (var feature in dataset.FeatureNames)
        {
            fields.Add(new Field(feature, DoubleType.Default, nullable: false));
        }

        fields.Add(new Field("label", Int32Type.Default, nullable: false));
        fields.Add(new Field("class", StringType.Default, nullable: false));
        fields.Add(new Field("split", StringType.Default, nullable: false));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!names.Add(f.Name))
            {
                throw new ArgumentException($"Dataset '{dataset.Name}': column name '{f.Name}' occurs twice in the {Name}/{Version} table.", nameof(dataset));
            }
        }

        return TableDefinition.Create(Name, Version, fields, new Dictionary<string, string>
        {
            [DatasetKey] = dataset.Name,
            [StandardizedKey] = standardized ? "true" : "false",
            [ClassesKey] = JsonSerializer.Serialize(dataset.ClassNames),
            [ArrowMetadata.VersionKey] = NetOrbitInfo.Version,
        });
    }

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static async Task WriteAsync(Dataset dataset, bool standardized, string path, ArrowCompression compression = ArrowCompression.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(path);
        var schema = Definition(dataset, standardized).Schema;
        await using var file = new ArrowTableFile(path, schema, compression);
        var start = 0;
        do
        {
            // An empty dataset still gets one (empty) batch, so readers see the schema in use.
            var count = Math.Min(BatchRows, dataset.Rows - start);
            using var batch = BuildBatch(dataset, schema, start, count);
            await file.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            start += BatchRows;
        }
        while (start < dataset.Rows);

        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RecordBatch BuildBatch(Dataset dataset, Schema schema, int start, int count)
    {
        var d = dataset.FeatureCount;
        var arrays = new List<IArrowArray>(d + 4);
        var rows = new Int32Array.Builder().Reserve(count);
        for (var r = start; r < start + count; r++)
        {
            rows.Append(r);
        }

        arrays.Add(rows.Build());
        var column = new double[count];
        for (var f = 0; f < d; f++)
        {
            for (var i = 0; i < count; i++)
            {
                column[i] = dataset.Features[(start + i) * d + f];
            }

            arrays.Add(new DoubleArray.Builder().Reserve(count).Append(column).Build());
        }

        arrays.Add(new Int32Array.Builder().Reserve(count).Append(dataset.Labels.AsSpan(start, count)).Build());
        var classes = new StringArray.Builder().Reserve(count);
        var split = new StringArray.Builder().Reserve(count);
        for (var r = start; r < start + count; r++)
        {
            classes.Append(dataset.ClassNames[dataset.Labels[r]]);
            split.Append(dataset.IsTest[r] ? "test" : "train");
        }

        arrays.Add(classes.Build());
        arrays.Add(split.Build());
        return new RecordBatch(schema, arrays, count);
    }

    /// <summary>Reads a <c>datasets/1</c> table back into the dataset it records (for offline analysis of a run directory).</summary>
    /// <exception cref="InputFileException">The file is not a readable <c>datasets/1</c> table.</exception>
    public static Dataset Read(string path) => Read(path, out _);

    /// <summary>Reads a <c>datasets/1</c> table; <paramref name="standardized"/> reports its <c>netorbit.standardized</c> flag.</summary>
    /// <exception cref="InputFileException">The file is not a readable <c>datasets/1</c> table.</exception>
    public static Dataset Read(string path, out bool standardized)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
            var schema = reader.Schema;
            var meta = schema.Metadata ?? new Dictionary<string, string>();
            var tag = meta.TryGetValue(ArrowMetadata.SchemaKey, out var t) ? t : "(none)";
            if (tag != $"{Name}/{Version}")
            {
                throw new InputFileException(path, $"metadata {ArrowMetadata.SchemaKey} is '{tag}', expected '{Name}/{Version}'");
            }

            var name = meta.TryGetValue(DatasetKey, out var n) ? n : Path.GetFileNameWithoutExtension(path);
            standardized = meta.TryGetValue(StandardizedKey, out var s) && s == "true";
            var fields = schema.FieldsList;
            string[] expectedTail = ["label", "class", "split"];
            if (fields.Count < 5 || fields[0].Name != "row" || !fields.Skip(fields.Count - 3).Select(f => f.Name).SequenceEqual(expectedTail))
            {
                throw new InputFileException(path, $"columns are {string.Join(", ", fields.Select(f => f.Name))}; expected row, <feature>..., label, class, split");
            }

            var featureNames = fields.Skip(1).Take(fields.Count - 4).Select(f => f.Name).ToArray();
            var d = featureNames.Length;
            var features = new List<double>();
            var labels = new List<int>();
            var classOf = new List<string>();
            var isTest = new List<bool>();
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                using (batch)
                {
                    var rows = (Int32Array)batch.Column(0);
                    var columns = Enumerable.Range(1, d).Select(c => (DoubleArray)batch.Column(c)).ToArray();
                    var label = (Int32Array)batch.Column(d + 1);
                    var cls = (StringArray)batch.Column(d + 2);
                    var split = (StringArray)batch.Column(d + 3);
                    for (var i = 0; i < batch.Length; i++)
                    {
                        if (rows.GetValue(i) != labels.Count)
                        {
                            throw new InputFileException(path, $"row is {rows.GetValue(i)}, expected {labels.Count} (rows must be 0..N-1 in order)", row: labels.Count, column: "row");
                        }

                        foreach (var c in columns)
                        {
                            features.Add(c.GetValue(i) ?? double.NaN);
                        }

                        labels.Add(label.GetValue(i) ?? -1);
                        classOf.Add(cls.GetString(i));
                        isTest.Add(split.GetString(i) switch
                        {
                            "train" => false,
                            "test" => true,
                            var v => throw new InputFileException(path, $"'{v}' is not a split: expected train | test", row: labels.Count - 1, column: "split"),
                        });
                    }
                }
            }

            var classNames = meta.TryGetValue(ClassesKey, out var json)
                ? JsonSerializer.Deserialize<string[]>(json) ?? []
                : ClassesFromRows(labels, classOf);
            for (var r = 0; r < labels.Count; r++)
            {
                if (labels[r] < 0 || labels[r] >= classNames.Length || classNames[labels[r]] != classOf[r])
                {
                    throw new InputFileException(path, $"label {labels[r]} and class '{classOf[r]}' disagree with the class list [{string.Join(", ", classNames)}]", row: r, column: "label");
                }
            }

            return new Dataset(name, featureNames, classNames, [.. features], [.. labels], [.. isTest]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidCastException or JsonException or ArgumentException)
        {
            throw new InputFileException(path, $"cannot read the {Name}/{Version} table: {e.Message}", inner: e);
        }
    }

    private static string[] ClassesFromRows(List<int> labels, List<string> classOf)
    {
        var names = new string[labels.Count == 0 ? 0 : labels.Max() + 1];
        for (var r = 0; r < labels.Count; r++)
        {
            if (labels[r] >= 0)
            {
                names[labels[r]] = classOf[r];
            }
        }

        return names.Select(n => n ?? string.Empty).ToArray();
    }
}
