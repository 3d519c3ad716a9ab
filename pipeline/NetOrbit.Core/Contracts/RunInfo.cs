namespace NetOrbit.Contracts;

/// <summary>
/// Identity of one run: an ensemble (a reference network and its perturbed copies) trained on one
/// dataset at one learning rate from one initial condition with one perturbation size.
/// </summary>
public sealed record RunInfo
{
    /// <summary>Position of the run in the experiment grid (0-based); tables are ordered by it.</summary>
    public required int Index { get; init; }

    /// <summary>Stable, file-name-safe identifier, e.g. <c>iris_eta1_ic003_eps1e-08</c>.</summary>
    public required string RunId { get; init; }

    /// <summary>Dataset name as given in the configuration.</summary>
    public required string Dataset { get; init; }

    /// <summary>Layer widths joined by '-', e.g. <c>4-10-3</c>.</summary>
    public required string Architecture { get; init; }

    /// <summary>Learning rate eta.</summary>
    public required double Eta { get; init; }

    /// <summary>Half-width of the U(-eps, eps) perturbation (0 when the ensemble has no copies).</summary>
    public required double Epsilon { get; init; }

    /// <summary>Index of the initial condition within the experiment.</summary>
    public required int InitialCondition { get; init; }

    /// <summary>Seed that produced the reference network's initial weights.</summary>
    public required long InitSeed { get; init; }

    /// <summary>Seed that produced the perturbations of the copies.</summary>
    public required long PerturbationSeed { get; init; }

    /// <summary>Number of members: 1 reference plus the perturbed copies.</summary>
    public required int Members { get; init; }

    /// <summary>Number of training steps; snapshots run from step 0 (the initial network) to Steps.</summary>
    public required int Steps { get; init; }

    /// <summary>Parameter order of the weight vectors.</summary>
    public required ParameterLayout Layout { get; init; }
}
