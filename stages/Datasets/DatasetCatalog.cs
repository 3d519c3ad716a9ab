using System.Text.Json;
using System.Text.RegularExpressions;
using NetOrbit.Config;
using NetOrbit.Datasets.Sources;

namespace NetOrbit.Datasets;

/// <summary>
/// Parses one element of an experiment's <c>"datasets"</c> list into a <see cref="DatasetRecipe"/>.
/// Every problem goes to the entry's <see cref="ConfigErrors"/> with its JSON path and the allowed
/// values; no file is read beyond checking that named files exist. Options and defaults: README.md.
/// </summary>
public static partial class DatasetCatalog
{
    /// <summary>The values of <c>source</c>.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["iris", "digits", "blobs", "moons", "circles", "spirals", "xor", "csv", "idx"];

    /// <summary>Default <c>test_fraction</c>.</summary>
    public const double DefaultTestFraction = 0.2;

    /// <summary>Longest dataset <c>name</c>.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Reads the entry at <see cref="JsonOptions.Path"/> (e.g. <c>$.datasets[0]</c>). Returns the recipe,
    /// or null when this entry added any error to <see cref="JsonOptions.Errors"/>.
    /// </summary>
    /// <param name="entry">The dataset object.</param>
    /// <param name="baseDirectory">Directory that relative file paths resolve against (the config file's).</param>
    public static DatasetRecipe? Parse(JsonOptions entry, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var errorsBefore = entry.Errors.Errors.Count;

        var name = entry.String("name", null);
        if (name is null)
        {
            if (!entry.Has("name"))
            {
                entry.Errors.Add(entry.PathOf("name"), "required: a file-name-safe name matching [A-Za-z0-9_.-]+");
            }
        }
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name) || name.Trim('.').Length == 0)
        {
            entry.Errors.Add(entry.PathOf("name"), $"'{name}' is not allowed: expected 1 to {MaxNameLength} characters from [A-Za-z0-9_.-], not only dots");
        }

        string? source = null;
        if (!entry.Has("source"))
        {
            entry.Errors.Add(entry.PathOf("source"), $"required: one of {string.Join(" | ", Sources)}");
        }
        else
        {
            source = entry.String("source", null);
            if (source is not null && !Sources.Contains(source, StringComparer.Ordinal))
            {
                entry.Errors.Add(entry.PathOf("source"), $"'{source}' is not allowed: expected one of {string.Join(" | ", Sources)}");
                source = null;
            }
        }

        var testFraction = entry.Double("test_fraction", DefaultTestFraction, 0, 1);
        if (testFraction == 1)
        {
            entry.Errors.Add(entry.PathOf("test_fraction"), "1 is out of range: allowed [0, 1)");
        }

        var splitSeed = entry.Int("split_seed", 0);
        var splitFile = ResolveFile(entry, "split_file", baseDirectory, required: false);
        if (splitFile is not null && (entry.Has("test_fraction") || entry.Has("split_seed")))
        {
            entry.Errors.Add(entry.PathOf("split_file"), "split_file fixes the split: give either split_file or test_fraction/split_seed, not both");
        }

        var standardize = entry.Bool("standardize", false);

        IDatasetSource? reader = source switch
        {
            "iris" => BundledSource.Iris,
            "digits" => BundledSource.Digits,
            "blobs" => BlobsSource.Parse(entry),
            "moons" => MoonsSource.Parse(entry),
            "circles" => CirclesSource.Parse(entry),
            "spirals" => SpiralsSource.Parse(entry),
            "xor" => XorSource.Parse(entry),
            "csv" => CsvSource.Parse(entry, baseDirectory),
            "idx" => IdxSource.Parse(entry, baseDirectory),
            _ => null,
        };

        // Without a valid source the allowed keys are unknown; the source error says enough.
        if (reader is not null)
        {
            entry.RejectUnknown();
        }

        if (entry.Errors.Errors.Count != errorsBefore || reader is null || name is null || source is null)
        {
            return null;
        }

        return new DatasetRecipe(name, source, reader, testFraction, splitSeed, splitFile, standardize);
    }

    /// <summary>
    /// Parses a single dataset entry from JSON text (for built-in experiments and tests).
    /// </summary>
    /// <exception cref="ConfigException">The entry is invalid; lists every problem.</exception>
    public static DatasetRecipe FromJson(string json, string baseDirectory = ".", string file = "<inline>")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var errors = new ConfigErrors();
        var recipe = Parse(new JsonOptions(document.RootElement.Clone(), "$", errors), baseDirectory);
        return recipe ?? throw new ConfigException(file, errors.Errors);
    }

    /// <summary>Reads a file-path option, resolves it against <paramref name="baseDirectory"/> and checks that the file exists.</summary>
    internal static string? ResolveFile(JsonOptions o, string key, string baseDirectory, bool required)
    {
        var value = o.String(key, null);
        if (value is null)
        {
            if (required && !o.Has(key))
            {
                o.Errors.Add(o.PathOf(key), "required: a file path (relative paths resolve against the config file's directory)");
            }

            return null;
        }

        if (value.Length == 0)
        {
            o.Errors.Add(o.PathOf(key), "expected a file path, found an empty string");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, value));
        if (!File.Exists(full))
        {
            o.Errors.Add(o.PathOf(key), $"file not found: {full}");
        }

        return full;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
