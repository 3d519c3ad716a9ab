using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using NetOrbit.Randomness;

namespace NetOrbit.Regimes;

/// <summary>What <see cref="RegimeTrainer.Train"/> returns: the chosen model retrained on all runs, its input schema and the evaluation.</summary>
public sealed record RegimeTrainingResult(ITransformer Model, DataViewSchema InputSchema, string Trainer, JsonObject Evaluation)
{
    /// <summary>Writes the model with its input schema to <paramref name="path"/> (a temporary file, then a rename).</summary>
    public void SaveModel(string path) => RegimeTrainer.WriteAtomically(path, tmp => new MLContext().Model.Save(Model, InputSchema, tmp));

    /// <summary>Writes <see cref="Evaluation"/> as indented JSON (a temporary file, then a rename).</summary>
    public void SaveEvaluation(string path) => RegimeTrainer.WriteAtomically(path, tmp => File.WriteAllText(tmp, EvaluationJson()));

    /// <summary><see cref="Evaluation"/> as indented JSON.</summary>
    public string EvaluationJson() => Evaluation.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}

/// <summary>
/// Trains the regime classifier on labelled runs (issue 13): three ML.NET multiclass trainers, each
/// evaluated by cross-validation grouped by initial condition; the best by macro-F1 is retrained on
/// every run. Evaluation contents: stages/Regimes/README.md. Deterministic: the same examples and seed
/// give the same evaluation and model (every trainer runs on one thread).
/// </summary>
public static class RegimeTrainer
{
    /// <summary>The trainers, in the order they are tried (the first wins a tie).</summary>
    public static readonly IReadOnlyList<string> Trainers = ["light_gbm", "sdca_maximum_entropy", "one_versus_all_fast_tree"];

    /// <summary>Trains and evaluates on <paramref name="examples"/> with <paramref name="folds"/> grouped folds (fewer when there are fewer groups).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 regimes or fewer than 2 initial-condition groups.</exception>
    public static RegimeTrainingResult Train(IReadOnlyList<RegimeExample> examples, int seed = 1, int folds = 5, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var classes = examples.Select(e => e.Regime).Distinct().OrderBy(ClassOrder).ThenBy(c => c, StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new ArgumentException($"all {examples.Count} labelled runs are '{classes.FirstOrDefault()}': training needs at least 2 regimes", nameof(examples));
        }

        var groups = examples.Select(e => e.Group).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (groups.Length < 2)
        {
            throw new ArgumentException($"all labelled runs share one initial condition ({groups[0]}): grouped cross-validation needs at least 2", nameof(examples));
        }

        // Groups are dealt to folds round-robin after a seeded shuffle: every fold is non-empty and
        // all runs from one initial condition (of one dataset and architecture) are on the same side.
        new SeededRandom(seed).Shuffle(groups.AsSpan());
        var k = Math.Min(folds, groups.Length);
        var foldOfGroup = groups.Select((g, i) => (g, i % k)).ToDictionary(p => p.g, p => p.Item2, StringComparer.Ordinal);
        var fold = examples.Select(e => foldOfGroup[e.Group]).ToArray();
        var truth = examples.Select(e => e.Regime).ToArray();

        var ml = new MLContext(seed);
        var trainerReports = new JsonObject();
        var best = (Name: "", Mean: double.NegativeInfinity, OutOfFold: Array.Empty<string>());
        foreach (var trainer in Trainers)
        {
            var outOfFold = new string[examples.Count];
            var perFold = new double[k];
            for (var f = 0; f < k; f++)
            {
                ct.ThrowIfCancellationRequested();
                var train = Select(examples, fold, f, equal: false);
                var test = Select(examples, fold, f, equal: true);
                var predicted = Predict(ml, Fit(ml, trainer, seed, train), test);
                Scatter(predicted, fold, f, outOfFold);
                perFold[f] = MacroF1(test.Select(e => e.Regime).ToArray(), predicted);
            }

            var mean = perFold.Average();
            trainerReports[trainer] = new JsonObject { ["macro_f1_mean"] = mean, ["macro_f1_folds"] = Numbers(perFold) };
            if (mean > best.Mean)
            {
                best = (trainer, mean, outOfFold);
            }
        }

        // Baselines on the same folds.
        var majority = new double[k];
        var threshold = new double[k];
        for (var f = 0; f < k; f++)
        {
            var train = Select(examples, fold, f, equal: false);
            var test = Select(examples, fold, f, equal: true);
            var testTruth = test.Select(e => e.Regime).ToArray();
            var m = MajorityClass(train);
            majority[f] = MacroF1(testTruth, test.Select(_ => m).ToArray());
            var rule = ThresholdRule.Best(train);
            threshold[f] = MacroF1(testTruth, test.Select(rule.Predict).ToArray());
        }

        var wholeRule = ThresholdRule.Best(examples);
        var model = Fit(ml, best.Name, seed, examples);
        var data = Load(ml, examples);

        var evaluation = new JsonObject
        {
            ["runs"] = examples.Count,
            ["seed"] = seed,
            ["folds"] = k,
            ["groups"] = groups.Length,
            ["group_key"] = "dataset/architecture/initial_condition",
            ["class_counts"] = Counts(classes, truth),
            ["features"] = new JsonArray([.. RegimeFeatures.Names.Select(n => (JsonNode)n)]),
            ["trainers"] = trainerReports,
            ["chosen"] = best.Name,
            ["chosen_out_of_fold"] = PerClass(classes, truth, best.OutOfFold),
            ["baselines"] = new JsonObject
            {
                ["majority_class"] = new JsonObject { ["class_on_all_runs"] = MajorityClass(examples), ["macro_f1_mean"] = majority.Average(), ["macro_f1_folds"] = Numbers(majority) },
                ["best_single_feature_threshold"] = new JsonObject { ["rule_on_all_runs"] = wholeRule.Describe(), ["macro_f1_mean"] = threshold.Average(), ["macro_f1_folds"] = Numbers(threshold) },
            },
            ["leave_one_dataset_out"] = LeaveOneOut(ml, best.Name, seed, examples, e => e.Dataset, ct),
            ["leave_one_architecture_out"] = LeaveOneOut(ml, best.Name, seed, examples, e => e.Architecture, ct),
            ["permutation_importance"] = PermutationImportance(ml, model, examples, seed, repeats: 5, ct),
        };
        return new RegimeTrainingResult(model, data.Schema, best.Name, evaluation);
    }

    /// <summary>Macro-F1: the mean over classes seen in <paramref name="truth"/> or <paramref name="predicted"/> of 2 TP / (2 TP + FP + FN).</summary>
    public static double MacroF1(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var seen = truth.Concat(predicted).Distinct().ToArray();
        double sum = 0;
        foreach (var c in seen)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var t = truth[i] == c;
                var p = predicted[i] == c;
                tp += t && p ? 1 : 0;
                fp += !t && p ? 1 : 0;
                fn += t && !p ? 1 : 0;
            }

            sum += 2.0 * tp / (2.0 * tp + fp + fn);
        }

        return seen.Length == 0 ? double.NaN : sum / seen.Length;
    }

    internal static void WriteAtomically(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    internal static IDataView Load(MLContext ml, IEnumerable<RegimeExample> examples) =>
        ml.Data.LoadFromEnumerable(examples.Select(e => new RegimeRow { Label = e.Regime, Group = e.Group, Features = e.Features }).ToList());

    /// <summary>Fits <paramref name="trainer"/>; a training set with one regime gives a model that always predicts it.</summary>
    internal static ITransformer Fit(MLContext ml, string trainer, int seed, IReadOnlyList<RegimeExample> train)
    {
        if (train.Select(e => e.Regime).Distinct().Count() < 2)
        {
            // A multiclass trainer needs two classes; a constant model is what any would learn.
            return new ConstantModel(train[0].Regime);
        }

        var label = ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        IEstimator<ITransformer> predictor = trainer switch
        {
            "light_gbm" => label.Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 2, NumberOfIterations = 100, LearningRate = 0.1,
                NumberOfThreads = 1, Seed = seed, Silent = true, Verbose = false,
            })),
            "sdca_maximum_entropy" => label.Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    NumberOfThreads = 1, MaximumNumberOfIterations = 200,
                })),
            "one_versus_all_fast_tree" => label.Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 2, NumberOfTrees = 50, NumberOfThreads = 1,
            }))),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };
        var pipeline = predictor.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return pipeline.Fit(Load(ml, train));
    }

    /// <summary>Each example's predicted regime.</summary>
    internal static string[] Predict(MLContext ml, ITransformer model, IReadOnlyList<RegimeExample> test)
    {
        if (model is ConstantModel c)
        {
            return [.. test.Select(_ => c.Regime)];
        }

        return [.. ml.Data.CreateEnumerable<RegimeOutput>(model.Transform(Load(ml, test)), reuseRowObject: false).Select(o => o.PredictedLabel)];
    }

    private static double ClassOrder(string c)
    {
        var i = RegimeFeatures.Classes.ToList().IndexOf(c);
        return i < 0 ? double.MaxValue : i;
    }

    private static List<RegimeExample> Select(IReadOnlyList<RegimeExample> examples, int[] fold, int f, bool equal) =>
        [.. examples.Where((_, i) => (fold[i] == f) == equal)];

    private static void Scatter(string[] predicted, int[] fold, int f, string[] into)
    {
        var j = 0;
        for (var i = 0; i < fold.Length; i++)
        {
            if (fold[i] == f)
            {
                into[i] = predicted[j++];
            }
        }
    }

    private static string MajorityClass(IReadOnlyList<RegimeExample> train) =>
        train.GroupBy(e => e.Regime).OrderByDescending(g => g.Count()).ThenBy(g => ClassOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    private static JsonArray Numbers(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode?)Number(v))]);

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonObject Counts(string[] classes, string[] truth)
    {
        var o = new JsonObject();
        foreach (var c in classes)
        {
            o[c] = truth.Count(t => t == c);
        }

        return o;
    }

    /// <summary>Macro-F1, per-class precision and recall and the confusion matrix (rows: true, columns: predicted) of the pooled out-of-fold predictions.</summary>
    private static JsonObject PerClass(string[] classes, string[] truth, string[] predicted)
    {
        var perClass = new JsonObject();
        var matrix = new JsonArray();
        foreach (var c in classes)
        {
            var tp = truth.Where((t, i) => t == c && predicted[i] == c).Count();
            var p = predicted.Count(x => x == c);
            var n = truth.Count(t => t == c);
            perClass[c] = new JsonObject { ["precision"] = Number(p == 0 ? double.NaN : (double)tp / p), ["recall"] = Number(n == 0 ? double.NaN : (double)tp / n), ["support"] = n };
            matrix.Add(new JsonArray([.. classes.Select(pc => (JsonNode)truth.Where((t, i) => t == c && predicted[i] == pc).Count())]));
        }

        return new JsonObject
        {
            ["macro_f1"] = Number(MacroF1(truth, predicted)),
            ["per_class"] = perClass,
            ["confusion_matrix"] = new JsonObject { ["classes"] = new JsonArray([.. classes.Select(c => (JsonNode)c)]), ["rows_true_columns_predicted"] = matrix },
        };
    }

    private static JsonObject? LeaveOneOut(MLContext ml, string trainer, int seed, IReadOnlyList<RegimeExample> examples, Func<RegimeExample, string> key, CancellationToken ct)
    {
        var values = examples.Select(key).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (values.Length < 2)
        {
            return null;
        }

        var held = new JsonObject();
        var scores = new List<double>();
        foreach (var v in values)
        {
            ct.ThrowIfCancellationRequested();
            var train = examples.Where(e => key(e) != v).ToList();
            var test = examples.Where(e => key(e) == v).ToList();
            var f1 = MacroF1(test.Select(e => e.Regime).ToArray(), Predict(ml, Fit(ml, trainer, seed, train), test));
            held[v] = f1;
            scores.Add(f1);
        }

        return new JsonObject { ["macro_f1_mean"] = scores.Average(), ["held_out"] = held };
    }

    /// <summary>
    /// Mean drop of the chosen model's macro-F1 on all runs when one feature's values are shuffled
    /// across runs (<paramref name="repeats"/> permutations each, one seeded generator), largest first.
    /// </summary>
    private static JsonArray PermutationImportance(MLContext ml, ITransformer model, IReadOnlyList<RegimeExample> examples, int seed, int repeats, CancellationToken ct)
    {
        var truth = examples.Select(e => e.Regime).ToArray();
        var baseline = MacroF1(truth, Predict(ml, model, examples));
        var random = new SeededRandom(seed);
        var drops = new List<(string Feature, double Drop)>();
        for (var j = 0; j < RegimeFeatures.Names.Count; j++)
        {
            double sum = 0;
            for (var r = 0; r < repeats; r++)
            {
                ct.ThrowIfCancellationRequested();
                var column = examples.Select(e => e.Features[j]).ToArray();
                random.Shuffle(column.AsSpan());
                var permuted = examples.Select((e, i) =>
                {
                    var v = (float[])e.Features.Clone();
                    v[j] = column[i];
                    return e with { Features = v };
                }).ToList();
                sum += baseline - MacroF1(truth, Predict(ml, model, permuted));
            }

            drops.Add((RegimeFeatures.Names[j], sum / repeats));
        }

        return new JsonArray([.. drops.OrderByDescending(d => d.Drop).ThenBy(d => d.Feature, StringComparer.Ordinal)
            .Select(d => (JsonNode)new JsonObject { ["feature"] = d.Feature, ["macro_f1_drop"] = d.Drop })]);
    }

    private sealed class RegimeOutput
    {
        public string PredictedLabel { get; set; } = "";
    }

    /// <summary>The model of a training set with a single regime (only inside cross-validation; never saved).</summary>
    private sealed class ConstantModel(string regime) : ITransformer
    {
        public string Regime => regime;

        public bool IsRowToRowMapper => false;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw new NotSupportedException();

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public void Save(ModelSaveContext ctx) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => throw new NotSupportedException();
    }

    /// <summary>The baseline "feature j &lt;= t ? A : B", chosen by macro-F1 on the training runs.</summary>
    private sealed record ThresholdRule(int Feature, float Threshold, string Below, string Above)
    {
        public string Predict(RegimeExample e) => e.Features[Feature] <= Threshold ? Below : Above;

        public JsonObject Describe() => new()
        {
            ["feature"] = RegimeFeatures.Names[Feature],
            ["threshold_transformed"] = Threshold,
            ["threshold"] = Number(Math.Sign(Threshold) * (Math.Exp(Math.Abs((double)Threshold)) - 1)),
            ["at_or_below"] = Below,
            ["above"] = Above,
        };

        public static ThresholdRule Best(IReadOnlyList<RegimeExample> train)
        {
            var truth = train.Select(e => e.Regime).ToArray();
            var best = new ThresholdRule(0, float.PositiveInfinity, MajorityClass(train), MajorityClass(train));
            var bestF1 = MacroF1(truth, train.Select(best.Predict).ToArray());
            for (var j = 0; j < RegimeFeatures.Names.Count; j++)
            {
                var values = train.Select(e => e.Features[j]).Distinct().Order().ToArray();
                for (var i = 0; i + 1 < values.Length; i++)
                {
                    var t = values[i] + ((values[i + 1] - values[i]) / 2);
                    if (!(t < values[i + 1]))
                    {
                        t = values[i];
                    }

                    var below = Majority(train.Where(e => e.Features[j] <= t));
                    var above = Majority(train.Where(e => e.Features[j] > t));
                    var rule = new ThresholdRule(j, t, below, above);
                    var f1 = MacroF1(truth, train.Select(rule.Predict).ToArray());
                    if (f1 > bestF1)
                    {
                        (best, bestF1) = (rule, f1);
                    }
                }
            }

            return best;
        }

        private static string Majority(IEnumerable<RegimeExample> side) => MajorityClass([.. side]);
    }
}
