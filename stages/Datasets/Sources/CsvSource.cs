using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Config;
using NetOrbit.Datasets.Reading;

namespace NetOrbit.Datasets.Sources;

/// <summary>A user's CSV file: header required, a label column and numeric feature columns.</summary>
internal sealed class CsvSource(string path, string label, string[]? features) : IDatasetSource
{
    public static CsvSource Parse(JsonOptions o, string baseDirectory)
    {
        var path = DatasetCatalog.ResolveFile(o, "path", baseDirectory, required: true);
        var label = o.String("label", "label") ?? "label";
        if (label.Length == 0)
        {
            o.Errors.Add(o.PathOf("label"), "expected a column name, found an empty string");
        }

        string[]? features = null;
        var raw = o.Raw("features");
        if (raw.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>();
            var i = 0;
            foreach (var e in raw.EnumerateArray())
            {
                var at = $"{o.PathOf("features")}[{i++}]";
                if (e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 } name)
                {
                    o.Errors.Add(at, $"expected a column name, found {JsonOptions.Describe(e)}");
                }
                else if (name == label)
                {
                    o.Errors.Add(at, $"'{name}' is the label column; it cannot also be a feature");
                }
                else if (list.Contains(name, StringComparer.Ordinal))
                {
                    o.Errors.Add(at, $"'{name}' is listed twice");
                }
                else if (CsvDatasetReader.ReservedNames.Contains(name, StringComparer.Ordinal))
                {
                    o.Errors.Add(at, $"'{name}' clashes with a column of the datasets table: allowed names exclude {string.Join(", ", CsvDatasetReader.ReservedNames)}");
                }
                else
                {
                    list.Add(name);
                }
            }

            if (i == 0)
            {
                o.Errors.Add(o.PathOf("features"), "expected at least one column name, found an empty list");
            }

            features = [.. list];
        }
        else if (raw.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            o.Errors.Add(o.PathOf("features"), $"expected a list of column names, found {JsonOptions.Describe(raw)}");
        }

        return new CsvSource(path ?? string.Empty, label, features);
    }

    public RawData Read() => CsvDatasetReader.ReadFile(path, label, features);

    public void Describe(JsonObject json)
    {
        json["path"] = path;
        json["label"] = label;
        if (features is not null)
        {
            json["features"] = new JsonArray([.. features.Select(f => (JsonNode?)f)]);
        }
    }
}
