using System.Text.Json;

namespace NetOrbit.Report;

/// <summary>
/// A study directory (netorbit run of a configuration with 'parts'): <c>study.json</c> and one run
/// directory per part. The report draws each figure from the part that names it in its
/// <c>report</c> keys, else from the first part whose tables make it.
/// </summary>
internal sealed class StudyDirectory
{
    /// <summary>The file that marks a complete study directory.</summary>
    public const string ManifestFile = "study.json";

    private StudyDirectory(string name, string? description, string? preset, IReadOnlyList<StudyPartDirectory> parts)
    {
        Name = name;
        Description = description;
        Preset = preset;
        Parts = parts;
    }

    public string Name { get; }

    public string? Description { get; }

    public string? Preset { get; }

    public IReadOnlyList<StudyPartDirectory> Parts { get; }

    /// <summary>True when <paramref name="root"/> holds a study manifest.</summary>
    public static bool IsStudy(string root) => File.Exists(Path.Combine(root, ManifestFile));

    /// <summary>Reads the manifest and opens every part's run directory.</summary>
    /// <exception cref="InputFileException">The manifest is malformed or a part's directory is not a run directory.</exception>
    public static StudyDirectory Open(string root)
    {
        var path = Path.Combine(root, ManifestFile);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0)
            {
                throw new InputFileException(path, "not a NetOrbit study manifest (no 'parts' array)");
            }

            var list = new List<StudyPartDirectory>();
            foreach (var p in parts.EnumerateArray())
            {
                var name = p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new InputFileException(path, "a part has no 'name'");
                var dir = p.TryGetProperty("directory", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : name;
                if (Path.IsPathRooted(dir) || dir.Split('/', '\\').Contains(".."))
                {
                    throw new InputFileException(path, $"part '{name}': directory '{dir}' is outside the study directory");
                }

                var keys = p.TryGetProperty("report", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!).ToArray() : [];
                var description = p.TryGetProperty("description", out var pd) && pd.ValueKind == JsonValueKind.String ? pd.GetString() : null;
                list.Add(new StudyPartDirectory(name, description, keys, RunDirectory.Open(Path.Combine(root, dir))));
            }

            string? Text(string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new StudyDirectory(Text("study") ?? Path.GetFileName(Path.GetFullPath(root)), Text("description"), Text("preset"), list);
        }
        catch (JsonException x)
        {
            throw new InputFileException(path, $"not valid JSON ({x.Message})", inner: x);
        }
    }

    /// <summary>The parts to draw the figure or table <paramref name="key"/> from, in the order to try: those naming it first.</summary>
    public IEnumerable<StudyPartDirectory> Candidates(string key) =>
        Parts.Where(p => p.Report.Contains(key)).Concat(Parts.Where(p => !p.Report.Contains(key)));
}

/// <summary>One part of a study directory.</summary>
internal sealed record StudyPartDirectory(string Name, string? Description, IReadOnlyList<string> Report, RunDirectory Run)
{
    public FigureNeeds Needs { get; } = new(Run);
}
