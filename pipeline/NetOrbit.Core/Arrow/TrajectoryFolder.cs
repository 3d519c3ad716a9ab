using System.Globalization;

namespace NetOrbit.Arrow;

/// <summary>
/// The <c>trajectories/</c> folder of a run directory: part files <c>part-&lt;g&gt;.arrow</c>, each
/// holding the rows of consecutive runs in grid order, where g is the grid position of its first
/// run written with seven digits (a grid holds at most 10,000,000 runs), so name order is grid
/// order. Folders written by NetOrbit before part files (one <c>&lt;run_id&gt;.arrow</c> per run) read
/// the same way.
/// </summary>
public static class TrajectoryFolder
{
    /// <summary>The folder's name in a run directory.</summary>
    public const string Name = "trajectories";

    private const string Prefix = "part-", Suffix = ".arrow";

    /// <summary>The file name of the part whose first run is at grid position <paramref name="firstRun"/>.</summary>
    public static string PartName(int firstRun)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRun);
        return Prefix + firstRun.ToString("D7", CultureInfo.InvariantCulture) + Suffix;
    }

    /// <summary>The grid position of the first run of part file <paramref name="fileName"/>, or null when the name is not a part's.</summary>
    public static int? FirstRunOf(string fileName)
    {
        var name = Path.GetFileName(fileName);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : null;
    }

    /// <summary>The <c>.arrow</c> files of <paramref name="folder"/> in name order (empty when it does not exist).</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*" + Suffix).Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// Every run recorded in <paramref name="folder"/>, by run id, each checked (one pass over every
    /// file). A run id found in two files is an error.
    /// </summary>
    /// <exception cref="InputFileException">A file is unreadable or not a trajectory, or a run appears twice.</exception>
    public static Dictionary<string, TrajectoryFile> Index(string folder)
    {
        var runs = new Dictionary<string, TrajectoryFile>(StringComparer.Ordinal);
        foreach (var file in Files(folder))
        {
            foreach (var run in TrajectoryFile.OpenRuns(file))
            {
                if (!runs.TryAdd(run.RunId, run))
                {
                    throw new InputFileException(file, $"run '{run.RunId}' is also in {runs[run.RunId].Path}; a run's rows belong in one file");
                }
            }
        }

        return runs;
    }
}
