namespace NetOrbit.Running;

/// <summary>A block of the graph failed; <see cref="Stage"/> names it.</summary>
public sealed class StageFailedException(string stage, Exception inner)
    : Exception($"stage '{stage}' failed: {inner.Message}", inner)
{
    /// <summary>The failing block's name.</summary>
    public string Stage { get; } = stage;
}
