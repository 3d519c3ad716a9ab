namespace NetOrbit.Testing;

/// <summary>A conformance check failed; the message names the stage, the check and what was found.</summary>
public sealed class StageConformanceException : Exception
{
    /// <summary>Creates the exception for <paramref name="stage"/> failing <paramref name="check"/>.</summary>
    public StageConformanceException(string stage, string check, string message, Exception? inner = null)
        : base($"stage '{stage}' fails the {check} check: {message}", inner)
    {
        Stage = stage;
        Check = check;
    }

    /// <summary>The stage checked.</summary>
    public string Stage { get; }

    /// <summary>The check that failed: <c>schema</c>, <c>determinism</c>, <c>batch-boundaries</c>, <c>cancellation</c> or <c>fault</c>.</summary>
    public string Check { get; }
}
