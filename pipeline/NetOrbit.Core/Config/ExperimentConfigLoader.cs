using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetOrbit.Config;

/// <summary>
/// Reads and validates an experiment configuration (schema <c>schemas/experiment.schema.json</c>).
/// Every problem is collected with its JSON path; unknown keys are errors.
/// </summary>
public static partial class ExperimentConfigLoader
{
    /// <summary>Upper bound on runs in one experiment, to catch typos such as a count of 1e9.</summary>
    public const int MaxRuns = 10_000_000;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static ExperimentConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, [new ConfigError("$", $"cannot read the file: {e.Message}")]);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(text, path, dir);
    }

    /// <summary>Parses configuration text; throws <see cref="ConfigException"/> listing every problem of the configuration's own keys.</summary>
    public static ExperimentConfig Parse(string json, string file, string baseDirectory)
    {
        var errors = new ConfigErrors();
        var config = Read(json, file, baseDirectory, errors);
        return errors.IsEmpty ? config : throw new ConfigException(file, errors.Errors);
    }

    /// <summary>
    /// Parses configuration text, adding every problem to <paramref name="errors"/> and returning
    /// the configuration with defaults where a value was invalid, so the caller can go on to
    /// validate the dataset entries and stage options and report every problem at once. Throws
    /// <see cref="ConfigException"/> only when the text is not JSON.
    /// </summary>
    public static ExperimentConfig Read(string json, string file, string baseDirectory, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            var problem = e.LineNumber is { } line
                ? $"not valid JSON at line {line + 1}, column {e.BytePositionInLine + 1}"
                : $"not valid JSON: {e.Message.ReplaceLineEndings(" ")}";
            throw new ConfigException(file, [new ConfigError("$", problem)]);
        }

        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("parts", out _))
        {
            // A study (schemas/study.schema.json) where one experiment is expected: say so, not "unknown key".
            throw new ConfigException(file, [new ConfigError("$.parts", "this file is a study of several experiments (it has 'parts'); netorbit run takes it, and a command that needs one experiment takes one part's configuration (DIR/<part>/manifest.json holds it after a run)")]);
        }

        var root = new JsonOptions(doc.RootElement.Clone(), "$", errors);
        return Read(root, baseDirectory, errors);
    }

    private static ExperimentConfig Read(JsonOptions root, string baseDirectory, ConfigErrors errors)
    {
        root.String("$schema", null);
        var name = root.String("name", null);
        if (name is null)
        {
            errors.Add("$.name", "required: the experiment name ([A-Za-z0-9_.-]+)");
            name = "experiment";
        }
        else if (!SafeName().IsMatch(name) || name.Trim('.').Length == 0)
        {
            // Not only dots: the name is the default run directory runs/<name>, which must stay inside runs/.
            errors.Add("$.name", $"'{name}' is not allowed: use letters, digits, '_', '.', '-', not only dots");
        }

        var description = root.String("description", "") ?? "";

        var datasets = new List<(string, JsonElement)>();
        var ds = root.Raw("datasets");
        if (ds.ValueKind != JsonValueKind.Array || ds.GetArrayLength() == 0)
        {
            errors.Add("$.datasets", "required: a non-empty list of dataset entries");
        }
        else
        {
            var i = 0;
            foreach (var e in ds.EnumerateArray())
            {
                datasets.Add(($"$.datasets[{i++}]", e));
            }
        }

        var arch = root.Object("architecture");
        var hidden = IntList(arch, "hidden", [10], 1, 65_536);
        var activation = arch.Choice("activation", "sigmoid", "sigmoid", "tanh", "relu");
        var output = arch.Choice("output", "softmax", "softmax", "sigmoid");
        arch.Choice("loss", "cross_entropy", "cross_entropy");
        arch.RejectUnknown();

        var init = root.Object("initialization");
        var scheme = init.Choice("scheme", "normal", "normal", "glorot", "he");
        var initSeed = init.Long("seed", 0);
        init.RejectUnknown();

        var opt = root.Object("optimizer");
        var optType = opt.Choice("type", "gd", "gd", "sgd");
        var batch = opt.Int("batch_size", 32, 1);
        var shuffleSeed = opt.Long("shuffle_seed", 0);
        if (optType == "gd" && (opt.Has("batch_size") || opt.Has("shuffle_seed")))
        {
            errors.Add("$.optimizer", "batch_size and shuffle_seed apply only to type \"sgd\"");
        }

        opt.RejectUnknown();

        var etas = LearningRates(root, errors);

        var ic = root.Object("initial_conditions");
        var icCount = ic.Int("count", 1, 1, 1_000_000);
        var icFirst = ic.Int("first", 0, 0);
        ic.RejectUnknown();

        var pert = root.Object("perturbations");
        var copies = pert.Int("copies", 0, 0, 10_000);
        var eps = pert.Doubles("epsilons", copies > 0 ? [1e-8] : [], 0, 1e6);
        if (copies > 0 && eps.Any(e => e <= 0))
        {
            errors.Add("$.perturbations.epsilons", "every epsilon must be > 0");
        }

        if (copies > 0 && pert.Has("epsilons") && eps.Length == 0)
        {
            errors.Add("$.perturbations.epsilons", "give at least one epsilon when copies > 0");
        }

        if (copies == 0 && eps.Length > 0)
        {
            errors.Add("$.perturbations.epsilons", "epsilons need copies > 0");
        }

        var target = pert.Choice("target", "weights", "weights", "all");
        var pertSeed = pert.Long("seed", 1);
        pert.RejectUnknown();

        var steps = root.Int("steps", 300, 1, 100_000_000);

        var eval = root.Object("evaluation");
        var evalEvery = eval.Int("every", 0, 0);
        eval.RejectUnknown();

        var rec = root.Object("recording");
        var mode = rec.Choice("mode", "snapshots", "snapshots", "summaries");
        var members = rec.Choice("members", "all", "all", "reference");
        var every = rec.Int("every", 1, 1);
        rec.RejectUnknown();

        var stages = new List<(string, string, JsonElement)>();
        var st = root.Raw("stages");
        if (st.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in st.EnumerateObject())
            {
                stages.Add((p.Name, $"$.stages.{p.Name}", p.Value));
            }
        }
        else if (st.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            errors.Add("$.stages", $"expected an object of stage name -> options, found {JsonOptions.Describe(st)}");
        }

        var outputOptions = root.Object("output");
        var compression = outputOptions.Choice("compression", "none", "none", "zstd", "lz4") switch
        {
            "zstd" => Arrow.ArrowCompression.Zstd,
            "lz4" => Arrow.ArrowCompression.Lz4,
            _ => Arrow.ArrowCompression.None,
        };
        outputOptions.RejectUnknown();
        root.RejectUnknown();

        long runs = (long)Math.Max(1, datasets.Count) * Math.Max(1, etas.Length) * icCount * Math.Max(1, eps.Length);
        if (runs > MaxRuns)
        {
            errors.Add("$", $"the grid has {runs} runs; at most {MaxRuns} are allowed in one experiment");
        }

        var config = new ExperimentConfig
        {
            Name = name,
            Description = description,
            Datasets = datasets,
            Architecture = new ArchitectureConfig(hidden, activation, output),
            Initialization = new InitializationConfig(scheme, initSeed),
            Optimizer = new OptimizerConfig(optType, batch, shuffleSeed),
            LearningRates = etas,
            InitialConditions = new InitialConditionsConfig(icCount, icFirst),
            Perturbations = new PerturbationConfig(eps, copies, target, pertSeed),
            Steps = steps,
            EvaluateEvery = evalEvery,
            Recording = new RecordingConfig(mode, members, every),
            Stages = stages,
            Compression = compression,
            ResolvedJson = "",
            BaseDirectory = baseDirectory,
        };
        return config with { ResolvedJson = Resolve(config) };
    }

    private static int[] IntList(JsonOptions o, string key, int[] defaultValue, int min, int max)
    {
        var v = o.Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            o.Errors.Add(o.PathOf(key), $"expected a list of integers, found {JsonOptions.Describe(v)}");
            return defaultValue;
        }

        var list = new List<int>();
        var i = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var n) || n < min || n > max)
            {
                o.Errors.Add($"{o.PathOf(key)}[{i}]", $"expected an integer in [{min}, {max}], found {JsonOptions.Describe(e)}");
            }
            else
            {
                list.Add(n);
            }

            i++;
        }

        return [.. list];
    }

    private static double[] LearningRates(JsonOptions root, ConfigErrors errors)
    {
        const string path = "$.learning_rates";
        var v = root.Raw("learning_rates");
        if (v.ValueKind == JsonValueKind.Array)
        {
            var list = root.Doubles("learning_rates", [], 0);
            if (v.GetArrayLength() == 0)
            {
                errors.Add(path, "give at least one learning rate");
            }

            if (list.Any(x => x <= 0))
            {
                errors.Add(path, "every learning rate must be > 0");
            }

            return list;
        }

        if (v.ValueKind == JsonValueKind.Object)
        {
            var o = new JsonOptions(v, path, errors);
            var hasLinear = o.Has("linear");
            var hasLog = o.Has("log");
            var kind = hasLinear ? "linear" : hasLog ? "log" : null;
            if (kind is null)
            {
                errors.Add(path, "expected a list of numbers or an object {\"linear\": {start, stop, count}} or {\"log\": {start, stop, count}}");
                o.RejectUnknown();
                return [];
            }

            if (hasLinear && hasLog)
            {
                errors.Add(path, "give either linear or log, not both");
            }

            var r = o.Object(kind);
            var start = r.Double("start", double.NaN, 0, double.MaxValue, minExclusive: true);
            var stop = r.Double("stop", double.NaN, 0, double.MaxValue, minExclusive: true);
            var count = r.Int("count", 0, 1, 100_000);
            foreach (var key in new[] { "start", "stop", "count" })
            {
                if (!r.Has(key))
                {
                    errors.Add(r.PathOf(key), "required");
                }
            }

            r.RejectUnknown();
            o.RejectUnknown();
            if (!errors.IsEmpty || count < 1)
            {
                return [];
            }

            var result = new double[count];
            for (var i = 0; i < count; i++)
            {
                var f = count == 1 ? 0.0 : (double)i / (count - 1);
                result[i] = kind == "linear"
                    ? start + (f * (stop - start))
                    : Math.Exp(Math.Log(start) + (f * (Math.Log(stop) - Math.Log(start))));
            }

            return result;
        }

        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            errors.Add(path, "required: a list of learning rates, or {\"linear\"|\"log\": {start, stop, count}}");
        }
        else
        {
            errors.Add(path, $"expected a list or a range object, found {JsonOptions.Describe(v)}");
        }

        return [];
    }

    private static string Resolve(ExperimentConfig c)
    {
        var node = new JsonObject
        {
            ["name"] = c.Name,
            ["description"] = c.Description,
            ["datasets"] = new JsonArray([.. c.Datasets.Select(d => JsonNode.Parse(d.Entry.GetRawText()))]),
            ["architecture"] = new JsonObject
            {
                ["hidden"] = new JsonArray([.. c.Architecture.Hidden.Select(h => (JsonNode)h)]),
                ["activation"] = c.Architecture.Activation,
                ["output"] = c.Architecture.Output,
                ["loss"] = c.Architecture.Loss,
            },
            ["initialization"] = new JsonObject { ["scheme"] = c.Initialization.Scheme, ["seed"] = c.Initialization.Seed },
            ["optimizer"] = c.Optimizer.Type == "gd"
                ? new JsonObject { ["type"] = "gd" }
                : new JsonObject { ["type"] = "sgd", ["batch_size"] = c.Optimizer.BatchSize, ["shuffle_seed"] = c.Optimizer.ShuffleSeed },
            ["learning_rates"] = new JsonArray([.. c.LearningRates.Select(x => (JsonNode)x)]),
            ["initial_conditions"] = new JsonObject { ["count"] = c.InitialConditions.Count, ["first"] = c.InitialConditions.First },
            ["perturbations"] = new JsonObject
            {
                ["epsilons"] = new JsonArray([.. c.Perturbations.Epsilons.Select(x => (JsonNode)x)]),
                ["copies"] = c.Perturbations.Copies,
                ["target"] = c.Perturbations.Target,
                ["seed"] = c.Perturbations.Seed,
            },
            ["steps"] = c.Steps,
            ["evaluation"] = new JsonObject { ["every"] = c.EvaluateEvery },
            ["recording"] = new JsonObject { ["mode"] = c.Recording.Mode, ["members"] = c.Recording.Members, ["every"] = c.Recording.Every },
            ["stages"] = new JsonObject(c.Stages.Select(s => KeyValuePair.Create(s.Name, JsonNode.Parse(s.Options.GetRawText())))),
            ["output"] = new JsonObject { ["compression"] = c.Compression.ToString().ToLowerInvariant() },
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SafeName();
}
