namespace NetOrbit.Config;

/// <summary>A configuration was rejected; <see cref="Errors"/> lists every problem with its JSON path.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="file"/>.</summary>
    public ConfigException(string file, IReadOnlyList<ConfigError> errors)
        : base($"{file}: {string.Join("; ", errors)}")
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The configuration file (or <c>&lt;built-in&gt;</c>).</summary>
    public string File { get; }

    /// <summary>The problems.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
