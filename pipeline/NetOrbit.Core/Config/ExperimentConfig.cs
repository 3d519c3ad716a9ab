using System.Text.Json;

namespace NetOrbit.Config;

/// <summary>
/// A validated experiment: the grid datasets x learning rates x initial conditions x perturbation
/// sizes, with everything each run needs. Dataset entries and stage options stay as JSON here;
/// the dataset catalogue and the stage factories validate them with their JSON paths.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Experiment name (file-name-safe); the default output folder is <c>runs/&lt;name&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Dataset entries as written, with their JSON paths.</summary>
    public required IReadOnlyList<(string Path, JsonElement Entry)> Datasets { get; init; }

    /// <summary>Network architecture (input and output widths come from each dataset).</summary>
    public required ArchitectureConfig Architecture { get; init; }

    /// <summary>Initial weights.</summary>
    public required InitializationConfig Initialization { get; init; }

    /// <summary>Optimiser.</summary>
    public required OptimizerConfig Optimizer { get; init; }

    /// <summary>Learning rates, in grid order.</summary>
    public required IReadOnlyList<double> LearningRates { get; init; }

    /// <summary>Initial conditions.</summary>
    public required InitialConditionsConfig InitialConditions { get; init; }

    /// <summary>Perturbed copies of each reference network.</summary>
    public required PerturbationConfig Perturbations { get; init; }

    /// <summary>Training steps per run (snapshots 0..Steps).</summary>
    public required int Steps { get; init; }

    /// <summary>Test-set evaluation interval in steps (0 = never).</summary>
    public required int EvaluateEvery { get; init; }

    /// <summary>What is written to <c>trajectories/</c>.</summary>
    public required RecordingConfig Recording { get; init; }

    /// <summary>Analysis stages by name with their options, in configuration order.</summary>
    public required IReadOnlyList<(string Name, string Path, JsonElement Options)> Stages { get; init; }

    /// <summary>Compression of written Arrow files.</summary>
    public required Arrow.ArrowCompression Compression { get; init; }

    /// <summary>The configuration as JSON text after defaults were applied (stored in the manifest).</summary>
    public required string ResolvedJson { get; init; }

    /// <summary>Directory that relative paths in the configuration resolve against.</summary>
    public required string BaseDirectory { get; init; }
}

/// <summary>Hidden layers and activations. Loss is cross-entropy.</summary>
/// <param name="Hidden">Widths of the hidden layers (may be empty).</param>
/// <param name="Activation">Hidden activation: sigmoid | tanh | relu.</param>
/// <param name="Output">Output: softmax | sigmoid.</param>
public sealed record ArchitectureConfig(int[] Hidden, string Activation, string Output)
{
    /// <summary>Loss function name (only cross-entropy is supported).</summary>
    public string Loss => "cross_entropy";
}

/// <summary>Weight initialisation scheme (normal | glorot | he) and the base seed of the initial conditions.</summary>
public sealed record InitializationConfig(string Scheme, long Seed);

/// <summary>Optimiser: <c>gd</c> (full batch) or <c>sgd</c> (mini-batch, shuffled each epoch with <paramref name="ShuffleSeed"/>).</summary>
public sealed record OptimizerConfig(string Type, int BatchSize, long ShuffleSeed);

/// <summary>Number of initial conditions and the index of the first (so a sweep can be split across jobs).</summary>
public sealed record InitialConditionsConfig(int Count, int First);

/// <summary>Perturbation sizes, copies per initial condition, which parameters are perturbed (weights | all) and the seed.</summary>
public sealed record PerturbationConfig(double[] Epsilons, int Copies, string Target, long Seed);

/// <summary>Recording policy: <c>mode</c> snapshots | summaries, which members, every k steps.</summary>
public sealed record RecordingConfig(string Mode, string Members, int Every)
{
    /// <summary>True when trajectory files are written.</summary>
    public bool WritesSnapshots => Mode == "snapshots";
}
