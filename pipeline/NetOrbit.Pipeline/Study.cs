using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetOrbit.Config;

namespace NetOrbit.Pipeline;

/// <summary>
/// A study: several experiments ("parts") run one after another into sub-folders of one directory,
/// each with its own grid (learning rates, initial conditions, perturbation sizes, steps, stages),
/// and one report drawn from all of them. The paper's Iris study is one: eta = 0.01 for 5000 steps
/// with 22 perturbation sizes, eta = 1 with 500 initial conditions for 200 steps, eta = 5 for
/// 10,000 steps, and a learning-rate sweep do not fit one grid.
/// </summary>
/// <remarks>
/// JSON (<c>schemas/study.schema.json</c>): <c>{ "name", "description", "defaults": {experiment keys},
/// "parts": [ { "name", "description", "report": [figure keys], experiment keys... } ],
/// "presets": { "quick": { "part name" or "*": {experiment keys} } } }</c>. A part's configuration is
/// <c>defaults</c> with the part's keys merged in (objects key by key, everything else replaced, null
/// removes a key), then the chosen preset's <c>*</c> and part entries merged the same way.
/// </remarks>
public sealed partial class Study
{
    /// <summary>The file a finished study directory holds, written last.</summary>
    public const string ManifestFile = "study.json";

    /// <summary>Format of <see cref="ManifestFile"/>.</summary>
    public const string ManifestFormat = "netorbit-study/1";

    private static readonly HashSet<string> StudyKeys = ["$schema", "name", "description", "defaults", "parts", "presets"];
    private static readonly HashSet<string> PartOnlyKeys = ["report"];

    private Study(string name, string description, string? preset, IReadOnlyList<StudyPart> parts)
    {
        Name = name;
        Description = description;
        Preset = preset;
        Parts = parts;
    }

    /// <summary>The study's name (the default output folder is <c>runs/&lt;name&gt;</c>).</summary>
    public string Name { get; }

    /// <summary>Free text.</summary>
    public string Description { get; }

    /// <summary>The preset applied, or null.</summary>
    public string? Preset { get; }

    /// <summary>The parts in run order.</summary>
    public IReadOnlyList<StudyPart> Parts { get; }

    /// <summary>True when <paramref name="directory"/> is a study directory (it holds <see cref="ManifestFile"/>).</summary>
    public static bool IsStudyDirectory(string directory) => File.Exists(Path.Combine(directory, ManifestFile));

    /// <summary>The problem to report when a study directory is given where one run directory is expected.</summary>
    internal static string NotARunDirectory(string directory)
    {
        var first = Directory.GetDirectories(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault(d => File.Exists(Path.Combine(directory, d!, "manifest.json")));
        return $"is a study directory ({ManifestFile}: several run directories, one per part); give one of its parts{(first is null ? string.Empty : $", e.g. {Path.Combine(directory, first)}")}";
    }

    /// <summary>True when <paramref name="json"/> is a study (a JSON object with a <c>parts</c> key) rather than one experiment.</summary>
    public static bool IsStudy(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, DocumentOptions);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("parts", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The built-in default study, <see cref="ExperimentBuilder.DefaultExperimentName"/>, with an optional preset.</summary>
    public static Study Default(string? preset = null) =>
        FromJson(DefaultConfigs.Read(ExperimentBuilder.DefaultExperimentName), $"<built-in {ExperimentBuilder.DefaultExperimentName}>", Directory.GetCurrentDirectory(), preset);

    /// <summary>A study file; relative data paths resolve against its folder.</summary>
    /// <exception cref="ConfigException">The file cannot be read or is not a valid study.</exception>
    public static Study FromFile(string path, string? preset = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return FromJson(ExperimentBuilder.ReadConfigFile(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!, preset);
    }

    /// <summary>A study given as JSON text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="ConfigException">The text is not a valid study, or <paramref name="preset"/> is not one of its presets.</exception>
    public static Study FromJson(string json, string source, string baseDirectory, string? preset = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions) as JsonObject
                ?? throw new ConfigException(source, [new ConfigError("$", "a study must be a JSON object")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException(source, [new ConfigError("$", "not valid JSON: " + e.Message)]);
        }

        var errors = new List<ConfigError>();
        foreach (var (key, _) in root)
        {
            if (!StudyKeys.Contains(key))
            {
                errors.Add(new ConfigError("$." + key, $"unknown key in a study; allowed: {string.Join(", ", StudyKeys.Where(k => k != "$schema"))} (experiment keys go in 'defaults' or in a part)"));
            }
        }

        var name = root["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) ? n : null;
        if (name is null || !NamePattern().IsMatch(name))
        {
            errors.Add(new ConfigError("$.name", "required: a file-name-safe name (letters, digits, '_', '.', '-')"));
        }

        var description = root["description"] is JsonValue dv && dv.TryGetValue<string>(out var d) ? d : "";
        var defaults = root["defaults"] switch
        {
            null => [],
            JsonObject o => o,
            _ => Error<JsonObject>(errors, "$.defaults", "must be an object of experiment keys"),
        };
        if (defaults?["name"] is not null)
        {
            errors.Add(new ConfigError("$.defaults.name", "a part's name is the study's name and the part's; leave it out of 'defaults'"));
        }

        JsonObject? presetEntry = null;
        if (preset is not null)
        {
            var presets = root["presets"] as JsonObject;
            presetEntry = presets?[preset] as JsonObject;
            if (presetEntry is null)
            {
                var known = presets is null ? "it has none" : "it has " + string.Join(", ", presets.Select(p => p.Key));
                throw new ConfigException(source, [new ConfigError("$.presets", $"no preset '{preset}' ({known})")]);
            }
        }
        else if (root["presets"] is not null and not JsonObject)
        {
            errors.Add(new ConfigError("$.presets", "must be an object: preset name -> { part name or '*': experiment keys }"));
        }

        var parts = new List<StudyPart>();
        if (root["parts"] is not JsonArray array || array.Count == 0)
        {
            errors.Add(new ConfigError("$.parts", "required: a non-empty array of parts, each an object with a 'name' and experiment keys"));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"$.parts[{i}]";
                if (array[i] is not JsonObject part)
                {
                    errors.Add(new ConfigError(path, "must be an object"));
                    continue;
                }

                var partName = part["name"] is JsonValue pv && pv.TryGetValue<string>(out var pn) ? pn : null;
                if (partName is null || !NamePattern().IsMatch(partName))
                {
                    errors.Add(new ConfigError(path + ".name", "required: a file-name-safe name (letters, digits, '_', '.', '-'); it is the part's folder"));
                    continue;
                }

                if (parts.Any(p => p.Name == partName))
                {
                    errors.Add(new ConfigError(path + ".name", $"part name '{partName}' is used twice"));
                    continue;
                }

                var report = new List<string>();
                if (part["report"] is JsonArray keys)
                {
                    foreach (var k in keys)
                    {
                        if (k is JsonValue kv && kv.TryGetValue<string>(out var ks))
                        {
                            report.Add(ks);
                        }
                        else
                        {
                            errors.Add(new ConfigError(path + ".report", "must be an array of report keys (strings)"));
                        }
                    }
                }
                else if (part["report"] is not null)
                {
                    errors.Add(new ConfigError(path + ".report", "must be an array of report keys (strings)"));
                }

                var config = Merge(defaults ?? [], part);
                foreach (var key in PartOnlyKeys)
                {
                    config.Remove(key);
                }

                if (presetEntry is not null)
                {
                    if (presetEntry["*"] is JsonObject all)
                    {
                        config = Merge(config, all);
                    }

                    if (presetEntry[partName] is JsonObject own)
                    {
                        config = Merge(config, own);
                    }
                }

                var partDescription = config["description"] is JsonValue pdv && pdv.TryGetValue<string>(out var pd) ? pd : "";
                config["name"] = $"{name}.{partName}";
                var json2 = config.ToJsonString();
                parts.Add(new StudyPart(partName, partDescription, report, json2, ExperimentBuilder.FromJson(json2, $"{source} (part '{partName}')", baseDirectory)));
            }
        }

        if (presetEntry is not null)
        {
            foreach (var (key, _) in presetEntry)
            {
                if (key != "*" && parts.All(p => p.Name != key))
                {
                    errors.Add(new ConfigError($"$.presets.{preset}.{key}", $"no part named '{key}'"));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(source, errors);
        }

        return new Study(name!, description, preset, parts);
    }

    /// <summary>
    /// Writes <see cref="ManifestFile"/> into <paramref name="directory"/> (under a temporary name,
    /// then renamed): the study, its preset, and each part's folder, report keys and run counts. It is
    /// written after every part finished, so its presence says the study directory is complete.
    /// </summary>
    public void WriteManifest(string directory, IReadOnlyList<ExperimentResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count != Parts.Count)
        {
            throw new ArgumentException($"expected one result per part ({Parts.Count}), got {results.Count}", nameof(results));
        }

        var parts = new JsonArray();
        for (var i = 0; i < Parts.Count; i++)
        {
            parts.Add(new JsonObject
            {
                ["name"] = Parts[i].Name,
                ["directory"] = Parts[i].Name,
                ["description"] = Parts[i].Description,
                ["report"] = new JsonArray([.. Parts[i].Report.Select(k => (JsonNode)JsonValue.Create(k)!)]),
                ["runs"] = results[i].RunCount,
                ["network_steps"] = results[i].NetworkSteps,
            });
        }

        var manifest = new JsonObject
        {
            ["format"] = ManifestFormat,
            ["study"] = Name,
            ["description"] = Description,
            ["preset"] = Preset,
            ["netorbit"] = NetOrbitInfo.Version,
            ["parts"] = parts,
        };
        var path = Path.Combine(directory, ManifestFile);
        File.WriteAllText(path + ".tmp", manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// <paramref name="over"/> merged into a copy of <paramref name="under"/>: objects key by key,
    /// everything else replaced; a null value removes the key.
    /// </summary>
    internal static JsonObject Merge(JsonObject under, JsonObject over)
    {
        var result = (JsonObject)under.DeepClone();
        foreach (var (key, value) in over)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject o && result[key] is JsonObject existing)
            {
                result[key] = Merge(existing, o);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    private static T? Error<T>(List<ConfigError> errors, string path, string message)
        where T : class
    {
        errors.Add(new ConfigError(path, message));
        return null;
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex NamePattern();
}

/// <summary>One part of a <see cref="Study"/>: its name (its folder in the study directory), the report keys it feeds, and its experiment.</summary>
/// <param name="Name">The part's name and folder.</param>
/// <param name="Description">The part's description.</param>
/// <param name="Report">Report figures and tables this part is meant to draw (keys such as <c>fig3</c>, <c>nmle</c>); the report takes the others from whichever part has their tables.</param>
/// <param name="Json">The part's experiment configuration after merging.</param>
/// <param name="Builder">Builds the part's experiment (add plugins or stages before <see cref="ExperimentBuilder.Build"/>).</param>
public sealed record StudyPart(string Name, string Description, IReadOnlyList<string> Report, string Json, ExperimentBuilder Builder);
