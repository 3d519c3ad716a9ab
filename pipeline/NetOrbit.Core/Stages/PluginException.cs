namespace NetOrbit.Stages;

/// <summary>A plugin assembly could not be loaded; the message names the file and the reason.</summary>
public sealed class PluginException(string file, string reason) : Exception($"{file}: {reason}")
{
    /// <summary>The plugin file.</summary>
    public string File { get; } = file;
}
