namespace NetOrbit.Pipeline;

/// <summary>Built-in experiments, embedded from samples/configs/.</summary>
internal static class DefaultConfigs
{
    public static string Read(string name)
    {
        using var s = typeof(DefaultConfigs).Assembly.GetManifestResourceStream($"configs/{name}.json")
            ?? throw new InvalidOperationException($"built-in experiment '{name}' is missing from the assembly");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
