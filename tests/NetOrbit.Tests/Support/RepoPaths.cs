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

    /// <summary>The sample plugin as built with the tests (Release or Debug, like the test binaries); fails naming the path when it is not built.</summary>
    public static string SamplePlugin()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return File("samples", "plugin", "bin", configuration, "net10.0", "NetOrbit.Samples.Plugin.dll");
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
