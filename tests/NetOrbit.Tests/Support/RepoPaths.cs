namespace NetOrbit.Tests.Support;

/// <summary>Locates the repository (the folder holding Pipeline.sln) and the shared reference data beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder (../shared from the repository root), or null where it is absent.</summary>
    public static string? Shared { get; } = FindShared();

    public static string Schemas => Path.Combine(Root, "schemas");

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Pipeline.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        for (var d = new DirectoryInfo(Root); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        return null;
    }
}
