namespace NetOrbit.Contracts;

/// <summary>Outcome of a run or of one member.</summary>
public enum RunStatus
{
    /// <summary>Every member trained all steps with finite loss and weights.</summary>
    Ok,

    /// <summary>At least one member produced a non-finite loss or weight and was stopped.</summary>
    Diverged,

    /// <summary>The run raised an error; see the manifest.</summary>
    Failed,
}
