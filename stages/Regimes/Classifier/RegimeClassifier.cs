using Microsoft.ML;
using Microsoft.ML.Data;

namespace NetOrbit.Regimes;

/// <summary>One run's predicted regime and the probability of each of <see cref="RegimeFeatures.Classes"/> (0 for a regime the model never saw).</summary>
public sealed record RegimePrediction(string Regime, double[] Probabilities);

/// <summary>
/// A model saved by <c>netorbit regimes train</c> (<see cref="RegimeTrainer"/>), loaded once and used
/// from any thread (one prediction engine, behind a lock).
/// </summary>
public sealed class RegimeClassifier
{
    private readonly PredictionEngine<RegimeRow, Output> _engine;
    private readonly int[] _slotClass;
    private readonly Lock _lock = new();

    private RegimeClassifier(PredictionEngine<RegimeRow, Output> engine, int[] slotClass)
    {
        _engine = engine;
        _slotClass = slotClass;
    }

    /// <summary>The resource name of the built-in model (stages/Regimes/Model/regimes-default.zip).</summary>
    internal const string BuiltInResource = "NetOrbit.Regimes.Model.regimes-default.zip";

    /// <summary>Loads <paramref name="path"/>; an unreadable file or a model of another input throws <see cref="InputFileException"/>.</summary>
    public static RegimeClassifier Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot read the model ({e.Message})", inner: e);
        }
    }

    /// <summary>The model that ships with NetOrbit (the <c>model</c> option's <c>builtin</c>), loaded once per process.</summary>
    public static RegimeClassifier BuiltIn => BuiltInModel.Value;

    private static readonly Lazy<RegimeClassifier> BuiltInModel = new(() =>
    {
        using var stream = typeof(RegimeClassifier).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"the built-in regime model ({BuiltInResource}) is missing from the assembly");
        return Load(stream, "builtin regime model");
    });

    private static RegimeClassifier Load(Stream stream, string name)
    {
        var ml = new MLContext(seed: 0);
        try
        {
            var model = ml.Model.Load(stream, out var inputSchema);
            var features = inputSchema.GetColumnOrNull("Features");
            var size = features?.Type is VectorDataViewType vector ? vector.Size : -1;
            if (size != RegimeFeatures.Count)
            {
                throw new InputFileException(name, $"the model takes {size} features, this NetOrbit computes {RegimeFeatures.Count}; retrain it with 'netorbit regimes train'");
            }

            var output = model.GetOutputSchema(inputSchema);
            VBuffer<ReadOnlyMemory<char>> keys = default;
            output["Label"].GetKeyValues(ref keys);
            var slotClass = keys.DenseValues().Select(k => RegimeFeatures.Classes.ToList().IndexOf(k.ToString())).ToArray();
            return new RegimeClassifier(ml.Model.CreatePredictionEngine<RegimeRow, Output>(model, inputSchema), slotClass);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or FormatException or InvalidDataException)
        {
            throw new InputFileException(name, $"not a regime model saved by 'netorbit regimes train' ({e.Message.Split('\n')[0]})", inner: e);
        }
    }

    /// <summary>Classifies one feature vector (<see cref="RegimeFeatures.Vector"/>).</summary>
    public RegimePrediction Predict(float[] features)
    {
        Output o;
        lock (_lock)
        {
            o = _engine.Predict(new RegimeRow { Features = features });
        }

        var p = new double[RegimeFeatures.Classes.Count];
        for (var s = 0; s < _slotClass.Length && s < o.Score.Length; s++)
        {
            if (_slotClass[s] >= 0)
            {
                p[_slotClass[s]] = o.Score[s];
            }
        }

        return new RegimePrediction(o.PredictedLabel, p);
    }

    private sealed class Output
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
