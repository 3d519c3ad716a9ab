namespace NetOrbit.Config;

/// <summary>Collects configuration problems, each with the JSON path it concerns.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>True when no problem was found.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Records a problem at <paramref name="path"/> (e.g. <c>$.optimizer.batch_size</c>).</summary>
    public void Add(string path, string message) => _errors.Add(new ConfigError(path, message));
}
