namespace NetOrbit.Testing;

/// <summary>How <see cref="StageConformance"/> runs its experiments. Every property has a working default.</summary>
public sealed record StageConformanceOptions
{
    /// <summary>
    /// The experiment configuration (JSON, schema <c>schemas/experiment.schema.json</c>) the checks
    /// run; its <c>stages</c> and <c>recording</c> are replaced by the kit. Null:
    /// <see cref="StageConformance.DefaultExperimentJson"/> (Iris, 4 runs of 3 members, 220 steps).
    /// </summary>
    public string? ExperimentJson { get; init; }

    /// <summary>Folder under which each check makes (and afterwards deletes) its run directories. Null: the system temp folder.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the run directories for inspection instead of deleting them. Default false.</summary>
    public bool KeepFiles { get; init; }

    /// <summary>The thread count compared with one thread by the determinism check, and used by the other checks; at least 2. Default 2.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>
    /// The fault check makes the stage throw on this call (counting every OnSnapshots,
    /// OnMemberDistances and OnCompleted of every run), or in Complete when it gets fewer; at least 1. Default 3.
    /// </summary>
    public int FailAtCall { get; init; } = 3;
}
