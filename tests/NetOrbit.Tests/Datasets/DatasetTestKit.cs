using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Data;
using NetOrbit.Datasets;

namespace NetOrbit.Tests.Datasets;

/// <summary>Helpers for dataset tests: parse an entry from JSON text and a scratch directory.</summary>
internal static class DatasetTestKit
{
    public static DatasetRecipe? Parse(string json, string baseDirectory, out IReadOnlyList<ConfigError> errors)
    {
        using var document = JsonDocument.Parse(json);
        var collector = new ConfigErrors();
        var recipe = DatasetCatalog.Parse(new JsonOptions(document.RootElement.Clone(), "$.datasets[0]", collector), baseDirectory);
        errors = collector.Errors;
        return recipe;
    }

    public static Dataset Load(string json, string baseDirectory = ".") => DatasetCatalog.FromJson(json, baseDirectory).Load();

    public static int[] ClassCounts(Dataset d)
    {
        var counts = new int[d.ClassCount];
        foreach (var y in d.Labels)
        {
            counts[y]++;
        }

        return counts;
    }
}

/// <summary>A directory under the system temp folder, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netorbit-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string contents)
    {
        var full = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(full, contents);
        return full;
    }

    public string File(string name, byte[] contents)
    {
        var full = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(full, contents);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
