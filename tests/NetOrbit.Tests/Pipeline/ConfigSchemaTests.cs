using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NetOrbit.Config;
using NetOrbit.Datasets;
using NetOrbit.Pipeline;
using NetOrbit.Randomness;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Pipeline;

/// <summary>
/// Keeps <c>schemas/experiment.schema.json</c> equal to what the code accepts: every closed object,
/// enumeration, range, type and default the schema states is checked against
/// <see cref="ExperimentConfigLoader"/> and <see cref="DatasetCatalog"/>, and random mutations of a
/// valid configuration must get the same verdict from both. Stage options (<c>$.stages.*</c>) are
/// out of scope: each stage validates its own.
/// </summary>
public sealed class ConfigSchemaTests
{
    /// <summary>
    /// What the schema cannot express, in one place. A configuration that the code rejects and the
    /// schema accepts is excused only when every code error matches one of these; each has a reason.
    /// Besides these, <c>null</c> means "omitted" to the code, so members whose value is null are
    /// removed before the schema sees a configuration (<see cref="WithoutNullMembers"/>).
    /// </summary>
    private static readonly (string Reason, Func<ConfigError, bool> Matches)[] KnownDifferences =
    [
        ("a named file (split_file, csv path, idx images/labels) must exist: a schema cannot see the disk",
            e => e.Message.StartsWith("file not found:", StringComparison.Ordinal)),
        ("blobs samples >= centers and spirals samples >= classes compare two values",
            e => e.Message.Contains("samples cannot fill", StringComparison.Ordinal)),
        ("blobs samples x features <= 200 000 000 is a product of two values",
            e => e.Message.Contains("is too large: allowed at most", StringComparison.Ordinal)),
        ($"the grid (datasets x learning rates x initial conditions x epsilons) holds at most {ExperimentConfigLoader.MaxRuns} runs: a product over lists",
            e => e.Path == "$" && e.Message.StartsWith("the grid has", StringComparison.Ordinal)),
        ("a csv feature column cannot be the label column: compares two values",
            e => e.Message.Contains("is the label column", StringComparison.Ordinal)),
        ("an integer must be written without fraction or exponent (2, not 2.0 or 2e0); JSON Schema's integer is a value, not a spelling",
            e => e.Message.StartsWith("expected an integer, found ", StringComparison.Ordinal)
                && decimal.TryParse(e.Message["expected an integer, found ".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && d == decimal.Truncate(d)),
    ];

    private static readonly string SchemaText = File.ReadAllText(RepoPaths.File("schemas", "experiment.schema.json"));

    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    private static readonly JsonSchema StudySchema = JsonSchema.FromText(File.ReadAllText(RepoPaths.File("schemas", "study.schema.json")));

    private static readonly JsonObject SchemaNode = (JsonObject)JsonNode.Parse(SchemaText)!;

    private static readonly string BaseDirectory = CreateDataDirectory();

    /// <summary>A valid configuration with every object and one dataset of every source.</summary>
    private const string BaseConfig = """
        {
          "$schema": "../schemas/experiment.schema.json",
          "name": "base",
          "description": "every key",
          "datasets": [
            { "name": "iris", "source": "iris" },
            { "name": "digits", "source": "digits", "test_fraction": 0.3, "split_seed": 2, "standardize": true },
            { "name": "blobs", "source": "blobs", "samples": 1000, "centers": 3, "features": 2, "cluster_std": 1.5, "center_box": 5, "seed": 1 },
            { "name": "moons", "source": "moons", "samples": 100, "noise": 0.2, "seed": 2 },
            { "name": "circles", "source": "circles", "samples": 100, "noise": 0.1, "factor": 0.4, "seed": 3 },
            { "name": "spirals", "source": "spirals", "samples": 100, "classes": 3, "noise": 0.1, "turns": 1.5, "seed": 4 },
            { "name": "xor", "source": "xor", "samples": 100, "features": 3, "noise": 0.2, "seed": 5 },
            { "name": "csv", "source": "csv", "path": "data.csv", "label": "kind", "features": ["a", "b"], "split_file": "split.csv" },
            { "name": "idx", "source": "idx", "images": "images.idx", "labels": "labels.idx", "limit": 10, "scale": 0.5 }
          ],
          "architecture": { "hidden": [4, 3], "activation": "tanh", "output": "softmax", "loss": "cross_entropy" },
          "initialization": { "scheme": "glorot", "seed": 3 },
          "optimizer": { "type": "sgd", "batch_size": 8, "shuffle_seed": 2 },
          "learning_rates": [0.5],
          "initial_conditions": { "count": 1, "first": 0 },
          "perturbations": { "copies": 1, "epsilons": [1e-8], "target": "all", "seed": 1 },
          "steps": 10,
          "evaluation": { "every": 1 },
          "recording": { "mode": "summaries", "members": "reference", "every": 2 },
          "output": { "compression": "zstd" }
        }
        """;

    private const string LinearRange = """{ "linear": { "start": 0.1, "stop": 1, "count": 3 } }""";

    private const string LogRange = """{ "log": { "start": 0.01, "stop": 1, "count": 3 } }""";

    /// <summary>Sibling values a property needs to be checked on its own (cross-field rules the schema states with if/then).</summary>
    private static readonly Dictionary<(string Path, string? Source), Action<JsonObject>> Contexts = new()
    {
        [("$.optimizer.type", null)] = o => { o.Remove("batch_size"); o.Remove("shuffle_seed"); },
        [("$.optimizer.batch_size", null)] = o => o["type"] = "sgd",
        [("$.optimizer.shuffle_seed", null)] = o => o["type"] = "sgd",
        [("$.perturbations.copies", null)] = o => o.Remove("epsilons"),
        [("$.datasets[*].samples", "blobs")] = o => o["centers"] = 2,
        [("$.datasets[*].samples", "spirals")] = o => o["classes"] = 2,
        [("$.datasets[*].test_fraction", null)] = o => o.Remove("split_file"),
        [("$.datasets[*].split_seed", null)] = o => o.Remove("split_file"),
    };

    private sealed record Property(string Path, string? Source, JsonObject Schema);

    private sealed record ClosedObject(string Path, string? Source, string[] Allowed);

    // ---- 0. the schema itself ----

    [Fact]
    public void Schema_AgainstDraft202012MetaSchema_IsValid()
    {
        var result = MetaSchemas.Draft202012.Evaluate(JsonDocument.Parse(SchemaText).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void BaseConfig_SchemaAndCode_BothAccept()
    {
        var json = JsonNode.Parse(BaseConfig)!;
        Assert.Equal((true, true), (SchemaAccepts(json, out var why), CodeAccepts(json, out var errors)));
        Assert.Empty(why);
        Assert.Empty(errors);
    }

    // ---- 1. sample configurations ----

    public static TheoryData<string> SampleConfigs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Samples, "configs"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleConfigs))]
    public void SampleConfig_SchemaAndBuild_BothAccept(string file)
    {
        var path = Path.Combine(RepoPaths.Samples, "configs", file);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        if (json["parts"] is not null)
        {
            // A study: its own schema, then every part (merged, with and without each preset) against the experiment schema and the code.
            var study = StudySchema.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(study.IsValid, $"{file}: the study schema rejects it: {Describe(study)}");
            foreach (var preset in new string?[] { null }.Concat((json["presets"] as JsonObject ?? []).Select(p => p.Key)))
            {
                foreach (var part in Study.FromFile(path, preset).Parts)
                {
                    Assert.True(SchemaAccepts(JsonNode.Parse(part.Json)!, out var partWhy), $"{file} part {part.Name} (preset {preset}): the schema rejects it: {partWhy}");
                    Assert.NotNull(part.Builder.Build());
                }
            }

            return;
        }

        Assert.True(SchemaAccepts(json, out var why), $"{file}: the schema rejects it: {why}");

        var builder = ExperimentBuilder.FromFile(path);
        if (json["stages"] is JsonObject stages && stages.ContainsKey("loss-milestones"))
        {
            builder.LoadPlugin(RepoPaths.SamplePlugin());
        }

        var experiment = builder.Build();
        Assert.NotNull(experiment);
    }

    // ---- 2. closed objects ----

    [Fact]
    public void ClosedObjects_FoundInSchema_CoverEveryObjectAndDatasetSource()
    {
        var paths = Walk().Closed.Select(c => c.Source is null ? c.Path : $"{c.Path}<{c.Source}>").ToHashSet();
        string[] expected =
        [
            "$", "$.architecture", "$.initialization", "$.optimizer", "$.learning_rates", "$.learning_rates.linear",
            "$.learning_rates.log", "$.initial_conditions", "$.perturbations", "$.evaluation", "$.recording", "$.output",
            .. DatasetCatalog.Sources.Select(s => $"$.datasets[*]<{s}>"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnknownKey_AtEveryClosedObject_RejectedByBothWithTheSchemasAllowedKeys()
    {
        var failures = new List<string>();
        foreach (var closed in Walk().Closed)
        {
            var config = Prepare(closed.Path, closed.Source, out var at);
            ((JsonObject)Get(config, at)!)["zz_unknown"] = 1;
            var schemaOk = SchemaAccepts(config, out _);
            var codeOk = CodeAccepts(config, out var errors);
            var unknown = errors.FirstOrDefault(e => e.Path == at + ".zz_unknown" && e.Message.StartsWith("unknown key; allowed keys: ", StringComparison.Ordinal));
            var codeAllowed = unknown is null ? [] : unknown.Message["unknown key; allowed keys: ".Length..].Split(", ").Order(StringComparer.Ordinal).ToArray();
            var schemaAllowed = closed.Allowed.Order(StringComparer.Ordinal).ToArray();
            if (schemaOk || codeOk || unknown is null || !codeAllowed.SequenceEqual(schemaAllowed))
            {
                failures.Add($"{at} ({closed.Source ?? "-"}): schema accepts={schemaOk}, code accepts={codeOk}; schema keys [{string.Join(", ", schemaAllowed)}], code keys [{string.Join(", ", codeAllowed)}]; code errors: {Format(errors)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- 3. enumerations ----

    [Fact]
    public void Enumerations_EveryValueAcceptedAndOthersRejected_CodeListsTheSameValues()
    {
        var failures = new List<string>();
        var enums = Walk().Properties.Where(p => p.Schema["enum"] is JsonArray).ToList();
        Assert.NotEmpty(enums);
        foreach (var p in enums)
        {
            var values = ((JsonArray)p.Schema["enum"]!).Select(v => v!.GetValue<string>()).ToArray();
            var discriminator = p.Path == "$.datasets[*].source";
            foreach (var value in values)
            {
                var config = Prepare(p.Path, discriminator ? value : p.Source, out var at);
                Set(config, at, JsonValue.Create(value));
                Agree(config, expected: true, $"{at} = \"{value}\"", failures);
            }

            var bad = Prepare(p.Path, p.Source, out var badAt);
            Set(bad, badAt, JsonValue.Create("not-a-choice"));
            Agree(bad, expected: false, $"{badAt} = \"not-a-choice\"", failures);
            CodeAccepts(bad, out var errors);
            const string marker = "is not allowed: expected one of ";
            var listed = errors.Where(e => e.Path == badAt && e.Message.Contains(marker, StringComparison.Ordinal))
                .Select(e => e.Message[(e.Message.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(" | "))
                .FirstOrDefault();
            if (listed is null || !listed.SequenceEqual(values))
            {
                failures.Add($"{badAt}: schema enum [{string.Join(", ", values)}], code lists [{string.Join(", ", listed ?? [])}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- 4. ranges and types ----

    [Fact]
    public void NumericBounds_EverySchemaBoundary_SameVerdictFromSchemaAndCode()
    {
        var failures = new List<string>();
        var numeric = Walk().Properties.Where(p => p.Schema["type"]?.GetValue<string>() is "integer" or "number").ToList();
        var checkedBounds = 0;
        foreach (var p in numeric)
        {
            var integer = p.Schema["type"]!.GetValue<string>() == "integer";
            foreach (var (text, inRange) in BoundaryCases(p.Schema, integer))
            {
                checkedBounds++;
                var config = Prepare(p.Path, p.Source, out var at);
                Set(config, at, JsonNode.Parse(text));
                Agree(config, inRange, $"{at} = {text}", failures);
            }
        }

        Assert.True(checkedBounds > 50, $"only {checkedBounds} boundary cases found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void WrongJsonType_EveryProperty_RejectedByBoth()
    {
        var failures = new List<string>();
        foreach (var p in Walk().Properties.Where(p => !p.Path.StartsWith("$.stages", StringComparison.Ordinal)))
        {
            var wrong = p.Schema["type"]?.GetValue<string>() switch
            {
                "integer" or "number" => "\"7\"",
                "boolean" => "\"true\"",
                "array" => "{}",
                "object" => "[]",
                "string" => "5",
                _ => p.Schema["enum"] is not null ? "5" : "\"x\"",
            };
            var config = Prepare(p.Path, p.Source, out var at);
            Set(config, at, JsonNode.Parse(wrong));
            Agree(config, expected: false, $"{at} = {wrong}", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- 5. defaults ----

    [Fact]
    public void Defaults_EverySchemaDefault_EqualsWhatTheCodeResolves()
    {
        var failures = new List<string>();
        var withDefault = Walk().Properties.Where(p => p.Schema.ContainsKey("default")).ToList();
        Assert.True(withDefault.Count > 30, $"only {withDefault.Count} defaults found");
        foreach (var p in withDefault)
        {
            var config = Prepare(p.Path, p.Source, out var at);
            var (parentPath, key) = Split(at);
            if (parentPath == "$")
            {
                ((JsonObject)config).Remove(key);
            }
            else
            {
                var parent = (JsonObject)Get(config, parentPath)!;
                var keep = parentPath.StartsWith("$.datasets[", StringComparison.Ordinal)
                    ? new[] { "name", "source", "path", "images", "labels" }
                    : [];
                foreach (var k in parent.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
                {
                    parent.Remove(k);
                }

                if (Contexts.TryGetValue((p.Path, p.Source), out var context))
                {
                    context(parent);
                }
            }

            JsonNode? resolved;
            try
            {
                resolved = parentPath.StartsWith("$.datasets[", StringComparison.Ordinal)
                    ? DatasetCatalog.FromJson(Get(config, parentPath)!.ToJsonString(), BaseDirectory).ToJson()[key]
                    : Get(JsonNode.Parse(ExperimentConfigLoader.Parse(config.ToJsonString(), "<test>", BaseDirectory).ResolvedJson)!, at);
            }
            catch (ConfigException e)
            {
                failures.Add($"{at}: the configuration without it is rejected: {Format(e.Errors)}");
                continue;
            }

            if (!SameJson(p.Schema["default"], resolved))
            {
                failures.Add($"{at}: schema default {p.Schema["default"]?.ToJsonString()}, code resolves {resolved?.ToJsonString() ?? "nothing"}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- 6. random mutations ----

    [Fact]
    public void RandomMutations_OfAValidConfig_SchemaAndCodeAgree()
    {
        var rng = new SeededRandom(20_240_612);
        var keyNames = Walk().Properties.Select(p => Split(p.Path).Key).Append("zz_unknown").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        int accepted = 0, rejected = 0, excused = 0;
        for (var round = 0; round < 400; round++)
        {
            var config = JsonNode.Parse(BaseConfig)!;
            var mutations = new List<string>();
            for (var m = 1 + rng.NextInt(2); m > 0; m--)
            {
                mutations.Add(Mutate(config, rng, keyNames));
            }

            var schemaOk = SchemaAccepts(config, out var why);
            var codeOk = CodeAccepts(config, out var errors);
            if (schemaOk != codeOk)
            {
                if (!schemaOk || errors.Count == 0 || !errors.All(e => KnownDifferences.Any(k => k.Matches(e))))
                {
                    Assert.Fail($"round {round}: {string.Join("; ", mutations)}\nschema accepts: {schemaOk} {why}\ncode accepts: {codeOk} {Format(errors)}\n{config.ToJsonString()}");
                }

                excused++;
            }
            else if (codeOk)
            {
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        // Both verdicts occur, so the round tests something either way.
        Assert.True(accepted > 20 && rejected > 20, $"accepted {accepted}, rejected {rejected}, excused {excused}");
    }

    private static string Mutate(JsonNode config, SeededRandom rng, string[] keyNames)
    {
        var places = new List<string>();
        Collect(config, "$", places);
        var at = places[rng.NextInt(places.Count)];
        switch (rng.NextInt(4))
        {
            case 0:
                Remove(config, at);
                return $"drop {at}";
            case 1:
                JsonNode?[] others = [JsonValue.Create("s"), JsonValue.Create(3), JsonValue.Create(2.5), JsonValue.Create(true), new JsonArray(), new JsonObject(), null];
                var value = others[rng.NextInt(others.Length)];
                Set(config, at, value);
                return $"{at} = {value?.ToJsonString() ?? "null"}";
            case 2:
                var scale = Math.Pow(10, rng.NextInt(10) - 3);
                var number = rng.NextInt(2) == 0 ? Math.Round(rng.NextSymmetric(1) * scale * 2) : rng.NextSymmetric(1) * scale;
                Set(config, at, JsonValue.Create(number));
                return $"{at} = {number.ToString("R", CultureInfo.InvariantCulture)}";
            default:
                var objects = places.Where(p => Get(config, p) is JsonObject).Prepend("$").ToList();
                var target = objects[rng.NextInt(objects.Count)];
                var key = keyNames[rng.NextInt(keyNames.Length)];
                if (Get(config, target) is JsonObject o && !o.ContainsKey(key))
                {
                    o[key] = rng.NextInt(2) == 0 ? JsonValue.Create(rng.NextInt(5)) : JsonValue.Create("x");
                }

                return $"add {target}.{key}";
        }
    }

    private static void Collect(JsonNode? node, string path, List<string> places)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                places.Add($"{path}.{k}");
                Collect(v, $"{path}.{k}", places);
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                places.Add($"{path}[{i}]");
                Collect(a[i], $"{path}[{i}]", places);
            }
        }
    }

    // ---- verdicts ----

    private static void Agree(JsonNode config, bool expected, string what, List<string> failures)
    {
        var schemaOk = SchemaAccepts(config, out var why);
        var codeOk = CodeAccepts(config, out var errors);
        if (schemaOk != expected || codeOk != expected)
        {
            failures.Add($"{what}: expected {(expected ? "accepted" : "rejected")}; schema accepts={schemaOk} {why}; code accepts={codeOk} {Format(errors)}");
        }
    }

    private static bool SchemaAccepts(JsonNode config, out string why)
    {
        var instance = JsonDocument.Parse(WithoutNullMembers(config.DeepClone())!.ToJsonString()).RootElement;
        var result = Schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        why = result.IsValid ? "" : Describe(result);
        return result.IsValid;
    }

    /// <summary>The code's validation pass (ExperimentPlan.Create without loading data or building stages): root keys, then every dataset entry.</summary>
    private static bool CodeAccepts(JsonNode config, out IReadOnlyList<ConfigError> errors)
    {
        var collected = new ConfigErrors();
        try
        {
            var parsed = ExperimentConfigLoader.Read(config.ToJsonString(), "<test>", BaseDirectory, collected);
            foreach (var (path, entry) in parsed.Datasets)
            {
                DatasetCatalog.Parse(new JsonOptions(entry, path, collected), BaseDirectory);
            }
        }
        catch (ConfigException e)
        {
            errors = e.Errors;
            return false;
        }

        errors = collected.Errors;
        return collected.IsEmpty;
    }

    /// <summary>The code reads a member whose value is null as omitted; the schema is asked about the configuration without such members.</summary>
    private static JsonNode? WithoutNullMembers(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var k in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
            {
                o.Remove(k);
            }

            foreach (var (_, v) in o)
            {
                WithoutNullMembers(v);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a)
            {
                WithoutNullMembers(v);
            }
        }

        return node;
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Prepend(result).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")).Take(6));

    private static string Format(IReadOnlyList<ConfigError> errors) => string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"));

    // ---- the schema walk ----

    private static (List<Property> Properties, List<ClosedObject> Closed) Walk()
    {
        var properties = new List<Property>();
        var closed = new List<ClosedObject>();
        WalkNode(SchemaNode, "$", null, properties, closed);
        return (properties, closed);
    }

    private static void WalkNode(JsonObject node, string path, string? source, List<Property> properties, List<ClosedObject> closed)
    {
        node = Resolve(node);
        var own = node["properties"] is JsonObject props ? props.Select(kv => kv.Key).ToArray() : [];
        if (node["properties"] is JsonObject ps)
        {
            foreach (var (key, value) in ps)
            {
                if (value is JsonObject sub)
                {
                    properties.Add(new Property($"{path}.{key}", source, Resolve(sub)));
                    WalkNode(sub, $"{path}.{key}", source, properties, closed);
                }
            }
        }

        if (node["items"] is JsonObject items)
        {
            properties.Add(new Property($"{path}[*]", source, Resolve(items)));
            WalkNode(items, $"{path}[*]", source, properties, closed);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            foreach (var variant in node[keyword] as JsonArray ?? [])
            {
                WalkNode((JsonObject)variant!, path, source, properties, closed);
            }
        }

        // Discriminated variants: allOf [ { if: { properties: { K: { const: V } } }, then: ... } ].
        var branches = new List<(string Value, string[] Keys)>();
        foreach (var part in node["allOf"] as JsonArray ?? [])
        {
            if (part is JsonObject { } p && p["if"]?["properties"] is JsonObject cond && p["then"] is JsonObject then)
            {
                var value = cond.Single().Value!["const"]!.GetValue<string>();
                WalkNode(then, path, value, properties, closed);
                var thenProps = Resolve(then)["properties"] as JsonObject;
                branches.Add((value, thenProps?.Select(kv => kv.Key).ToArray() ?? []));
            }
        }

        if (node["additionalProperties"] is JsonValue a && !a.GetValue<bool>())
        {
            closed.Add(new ClosedObject(path, source, own));
        }

        if (node["unevaluatedProperties"] is JsonValue u && !u.GetValue<bool>())
        {
            foreach (var (value, keys) in branches)
            {
                closed.Add(new ClosedObject(path, value, [.. own, .. keys]));
            }
        }
    }

    private static JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"] is JsonValue r)
        {
            var pointer = r.GetValue<string>();
            Assert.StartsWith("#/$defs/", pointer);
            node = (JsonObject)SchemaNode["$defs"]![pointer["#/$defs/".Length..]]!;
        }

        return node;
    }

    // ---- configurations and paths ----

    /// <summary>The base configuration arranged so that <paramref name="template"/> exists: a concrete path in <paramref name="at"/>.</summary>
    private static JsonNode Prepare(string template, string? source, out string at)
    {
        var config = JsonNode.Parse(BaseConfig)!;
        if (template.StartsWith("$.learning_rates.log", StringComparison.Ordinal))
        {
            config["learning_rates"] = JsonNode.Parse(LogRange);
        }
        else if (template.StartsWith("$.learning_rates", StringComparison.Ordinal) && !template.StartsWith("$.learning_rates[", StringComparison.Ordinal))
        {
            config["learning_rates"] = JsonNode.Parse(LinearRange);
        }

        var datasets = (JsonArray)config["datasets"]!;
        var index = datasets.Select((d, i) => (d, i)).Single(x => x.d!["source"]!.GetValue<string>() == (source ?? "iris")).i;
        at = template.Replace("$.datasets[*]", $"$.datasets[{index}]", StringComparison.Ordinal).Replace("[*]", "[0]", StringComparison.Ordinal);
        if (Contexts.TryGetValue((template, source), out var context) || Contexts.TryGetValue((template, null), out context))
        {
            context((JsonObject)Get(config, Split(at).Parent)!);
        }

        return config;
    }

    private static (string Parent, string Key) Split(string path)
    {
        var dot = path.LastIndexOf('.');
        var bracket = path.LastIndexOf('[');
        return bracket > dot ? (path[..bracket], path[bracket..]) : (path[..dot], path[(dot + 1)..]);
    }

    private static IEnumerable<object> Segments(string path)
    {
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 1)..end];
                i = end;
            }
            else
            {
                var end = path.IndexOf(']', i);
                yield return int.Parse(path[(i + 1)..end], CultureInfo.InvariantCulture);
                i = end + 1;
            }
        }
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var s in Segments(path))
        {
            node = s is int i ? (node as JsonArray)?[i] : (node as JsonObject)?[(string)s];
        }

        return node;
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var (parent, key) = Split(path);
        var p = Get(root, parent);
        if (key.StartsWith('['))
        {
            ((JsonArray)p!)[int.Parse(key[1..^1], CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            ((JsonObject)p!)[key] = value;
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, key) = Split(path);
        var p = Get(root, parent);
        if (key.StartsWith('['))
        {
            ((JsonArray)p!).RemoveAt(int.Parse(key[1..^1], CultureInfo.InvariantCulture));
        }
        else
        {
            ((JsonObject)p!).Remove(key);
        }
    }

    private static IEnumerable<(string Text, bool InRange)> BoundaryCases(JsonObject schema, bool integer)
    {
        foreach (var (keyword, below, exclusive) in new[] { ("minimum", true, false), ("exclusiveMinimum", true, true), ("maximum", false, false), ("exclusiveMaximum", false, true) })
        {
            if (schema[keyword] is not JsonValue bound)
            {
                continue;
            }

            var text = bound.ToJsonString();
            if (integer)
            {
                var m = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                yield return (m.ToString(CultureInfo.InvariantCulture), !exclusive);
                yield return ((below ? m - 1 : m + 1).ToString(CultureInfo.InvariantCulture), false);
                yield return ((below ? m + 1 : m - 1).ToString(CultureInfo.InvariantCulture), true);
            }
            else
            {
                var m = double.Parse(text, CultureInfo.InvariantCulture);
                var step = 1e-6 * Math.Max(1, Math.Abs(m));
                yield return (m.ToString("R", CultureInfo.InvariantCulture), !exclusive);
                yield return ((below ? m - step : m + step).ToString("R", CultureInfo.InvariantCulture), false);
                yield return ((below ? m + step : m - step).ToString("R", CultureInfo.InvariantCulture), true);
                yield return ("\"" + m.ToString("R", CultureInfo.InvariantCulture) + "\"", false);
            }
        }
    }

    private static bool SameJson(JsonNode? a, JsonNode? b)
    {
        if (a is JsonArray xa && b is JsonArray xb)
        {
            return xa.Count == xb.Count && xa.Zip(xb).All(p => SameJson(p.First, p.Second));
        }

        if (a is JsonValue va && b is JsonValue vb && va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
        {
            return double.Parse(va.ToJsonString(), CultureInfo.InvariantCulture) == double.Parse(vb.ToJsonString(), CultureInfo.InvariantCulture);
        }

        return a is not null && b is not null && a.ToJsonString() == b.ToJsonString();
    }


    /// <summary>A folder with the files the base configuration names (their content is never read: validation only checks that they exist).</summary>
    private static string CreateDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "netorbit-config-schema-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "data.csv", "split.csv", "images.idx", "labels.idx" })
        {
            File.WriteAllText(Path.Combine(dir, f), "");
        }

        return dir;
    }
}
