using System.IO.Compression;

namespace NetOrbit.Tests.Support;

/// <summary>
/// The one place tests find files: the repository root (the folder holding Pipeline.sln, found by
/// walking up from the test binaries) and folders inside it. Nothing outside the repository is read.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Schemas => Path.Combine(Root, "schemas");

    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>A file of the test project's data folder, <c>tests/NetOrbit.Tests/Data</c> (see its README).</summary>
    public static string DataFile(params string[] parts) => File(["tests", "NetOrbit.Tests", "Data", .. parts]);

    /// <summary>A path under the repository root; fails the test, naming the path, where the file is missing.</summary>
    public static string File(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException("Missing repository file " + path, path);
    }

    /// <summary>The lines of a text file, decompressed where its name ends in <c>.gz</c>.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var line in System.IO.File.ReadLines(path))
            {
                yield return line;
            }

            yield break;
        }

        using var reader = new StreamReader(new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } l)
        {
            yield return l;
        }
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Pipeline.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
