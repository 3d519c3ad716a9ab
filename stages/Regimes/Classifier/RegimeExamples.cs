using Apache.Arrow;
using Apache.Arrow.Ipc;
using Microsoft.ML.Data;

namespace NetOrbit.Regimes;

/// <summary>One labelled run: its feature vector (see <see cref="RegimeFeatures"/>), regime and grouping keys.</summary>
public sealed record RegimeExample(string RunId, string Dataset, string Architecture, int InitialCondition, double Eta, float[] Features, string Regime)
{
    /// <summary>The cross-validation group: runs from the same initial weights (dataset, architecture, initial condition) stay on one side.</summary>
    public string Group => $"{Dataset}/{Architecture}/{InitialCondition}";
}

/// <summary>
/// The classifier's input: the columns of <c>regimes/features</c> it uses, in order, and the
/// transform that makes them finite and of comparable scale.
/// </summary>
public static class RegimeFeatures
{
    /// <summary>The four regimes, the order of the probability columns.</summary>
    public static readonly IReadOnlyList<string> Classes = ["regular", "edge_of_stability", "chaotic", "divergent"];

    /// <summary>
    /// The feature columns. Not used: run_id, eta (a setting, not a property of the trajectory; its
    /// meaning changes with the dataset and network), step_interval and snapshots (bookkeeping).
    /// </summary>
    public static readonly IReadOnlyList<string> Names = [.. TrajectoryFeatures.Columns.Select(c => c.Name), "non_finite"];

    /// <summary>The length of the vector, <see cref="Names"/>' count (a constant for ML.NET's schema; a test keeps them equal).</summary>
    public const int Count = 33;

    /// <summary>
    /// One feature value as the classifier sees it: sign(x) ln(1 + |x|), a monotone map (so threshold
    /// and tree rules are unchanged) that brings losses and norms spanning many decades to a few units.
    /// Non-finite values: NaN (a statistic without enough finite data, accuracy not recorded) becomes 0,
    /// the run's <c>non_finite</c> flag carrying the information; +-infinity becomes +-ln(1 + double.MaxValue) (about 709.8).
    /// </summary>
    public static float Transform(double x)
    {
        if (double.IsNaN(x))
        {
            return 0f;
        }

        var a = double.IsInfinity(x) ? Math.Log(double.MaxValue) : Math.Log(1 + Math.Abs(x));
        return (float)(Math.Sign(x) * a);
    }

    /// <summary>The classifier's vector from the raw feature values in <see cref="Names"/> order (non_finite as 0 or 1, kept as is; the others through <see cref="Transform"/>).</summary>
    public static float[] Vector(ReadOnlySpan<double> raw)
    {
        if (raw.Length != Names.Count)
        {
            throw new ArgumentException($"expected {Names.Count} values", nameof(raw));
        }

        var v = new float[raw.Length];
        for (var i = 0; i < raw.Length - 1; i++)
        {
            v[i] = Transform(raw[i]);
        }

        v[^1] = raw[^1] != 0 ? 1f : 0f;
        return v;
    }

    /// <summary>The classifier's vector of computed features and the run's non-finite flag.</summary>
    internal static float[] Vector(TrajectoryFeatures f, bool nonFinite)
    {
        var raw = new double[Names.Count];
        for (var i = 0; i < TrajectoryFeatures.Columns.Count; i++)
        {
            raw[i] = TrajectoryFeatures.Columns[i].Value(f);
        }

        raw[^1] = nonFinite ? 1 : 0;
        return Vector(raw);
    }

    /// <summary>Reads <c>regimes/features.arrow</c>: run_id -> transformed feature vector.</summary>
    public static Dictionary<string, (double Eta, float[] Features)> Read(string path)
    {
        var result = new Dictionary<string, (double, float[])>(StringComparer.Ordinal);
        foreach (var batch in ReadBatches(path))
        {
            var ids = Column<StringArray>(batch, path, "run_id");
            var eta = Column<DoubleArray>(batch, path, "eta");
            var columns = Names.Select(n => batch.Column(Index(batch, path, n))).ToArray();
            var raw = new double[columns.Length];
            for (var r = 0; r < batch.Length; r++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    raw[c] = columns[c] switch
                    {
                        DoubleArray d => d.GetValue(r) ?? double.NaN,
                        BooleanArray b => b.GetValue(r) == true ? 1 : 0,
                        _ => throw new InputFileException(path, "expected float64 or bool", column: Names[c]),
                    };
                }

                var v = Vector(raw);
                result[ids.GetString(r)] = (eta.GetValue(r) ?? double.NaN, v);
            }
        }

        return result;
    }

    internal static IEnumerable<RecordBatch> ReadBatches(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException(path, "file not found");
        }

        var batches = new List<RecordBatch>();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(batch);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new InputFileException(path, $"not an Arrow IPC file ({e.Message})", inner: e);
        }

        return batches;
    }

    internal static int Index(RecordBatch batch, string path, string name)
    {
        var i = batch.Schema.GetFieldIndex(name);
        return i >= 0 ? i : throw new InputFileException(path, "missing column", column: name);
    }

    internal static T Column<T>(RecordBatch batch, string path, string name)
        where T : IArrowArray =>
        batch.Column(Index(batch, path, name)) is T a ? a : throw new InputFileException(path, $"column has the wrong type (expected {typeof(T).Name})", column: name);
}

/// <summary>The row ML.NET sees: label, group and the feature vector.</summary>
internal sealed class RegimeRow
{
    public string Label { get; set; } = "";

    public string Group { get; set; } = "";

    [VectorType(RegimeFeatures.Count)]
    public float[] Features { get; set; } = [];
}

/// <summary>Reads the labelled runs of run directories (<c>regimes/features.arrow</c>, <c>regimes/labels.arrow</c>, <c>runs.arrow</c>).</summary>
public static class RegimeExamples
{
    /// <summary>The labelled runs of <paramref name="runDirectories"/>, in directory then labels-table order. Bad input throws <see cref="InputFileException"/>.</summary>
    public static List<RegimeExample> Read(IEnumerable<string> runDirectories)
    {
        var all = new List<RegimeExample>();
        foreach (var dir in runDirectories)
        {
            if (!Directory.Exists(dir))
            {
                throw new InputFileException(dir, "not a directory");
            }

            var features = RegimeFeatures.Read(Path.Combine(dir, "regimes", "features.arrow"));
            var runs = ReadRuns(Path.Combine(dir, "runs.arrow"));
            var labelsPath = Path.Combine(dir, "regimes", "labels.arrow");
            var before = all.Count;
            foreach (var batch in RegimeFeatures.ReadBatches(labelsPath))
            {
                var ids = RegimeFeatures.Column<StringArray>(batch, labelsPath, "run_id");
                var regime = RegimeFeatures.Column<StringArray>(batch, labelsPath, "regime");
                for (var r = 0; r < batch.Length; r++)
                {
                    var id = ids.GetString(r);
                    if (!features.TryGetValue(id, out var f))
                    {
                        throw new InputFileException(labelsPath, $"run '{id}' has a label but no row in regimes/features.arrow", row: r);
                    }

                    if (!runs.TryGetValue(id, out var run))
                    {
                        throw new InputFileException(labelsPath, $"run '{id}' has a label but no row in runs.arrow", row: r);
                    }

                    all.Add(new RegimeExample(id, run.Dataset, run.Architecture, run.InitialCondition, f.Eta, f.Features, regime.GetString(r)));
                }
            }

            if (all.Count == before)
            {
                throw new InputFileException(labelsPath, "no labelled run (the regimes stage labels only runs with perturbed copies)");
            }
        }

        return all;
    }

    private static Dictionary<string, (string Dataset, string Architecture, int InitialCondition)> ReadRuns(string path)
    {
        var result = new Dictionary<string, (string, string, int)>(StringComparer.Ordinal);
        foreach (var batch in RegimeFeatures.ReadBatches(path))
        {
            var ids = RegimeFeatures.Column<StringArray>(batch, path, "run_id");
            var dataset = RegimeFeatures.Column<StringArray>(batch, path, "dataset");
            var architecture = RegimeFeatures.Column<StringArray>(batch, path, "architecture");
            var ic = RegimeFeatures.Column<Int32Array>(batch, path, "initial_condition");
            for (var r = 0; r < batch.Length; r++)
            {
                result[ids.GetString(r)] = (dataset.GetString(r), architecture.GetString(r), ic.GetValue(r) ?? 0);
            }
        }

        return result;
    }
}
