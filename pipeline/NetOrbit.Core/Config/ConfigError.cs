namespace NetOrbit.Config;

/// <summary>One configuration problem.</summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>$.learning_rates[2]</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ConfigError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
