using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Post-learning (dynamical) stability as in the paper's Fig. 6: at step t0 the reference is copied,
/// its copies perturbed by U(-eps, eps) on every connection weight (not biases), and reference and
/// copies continue full-batch GD for a number of steps while their distances are recorded (opt-in:
/// (members + 1) x steps gradients). JSON: <c>"post_learning": { "enabled", "start_step", "steps",
/// "members", "epsilon", "record_every", "seed" }</c>.
/// </summary>
public sealed record PostLearningOptions
{
    /// <summary>Run the experiment. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Step t0 whose reference snapshot is perturbed; -1 = the run's last step. Default -1.</summary>
    [OptionRange(-1)]
    public int StartStep { get; init; } = -1;

    /// <summary>GD steps after t0, &gt;= 1. Default 1000.</summary>
    [OptionRange(1)]
    public int Steps { get; init; } = 1000;

    /// <summary>Number of perturbed copies, &gt;= 1. Default 20.</summary>
    [OptionRange(1)]
    public int Members { get; init; } = 20;

    /// <summary>Half-width eps of the perturbation, &gt; 0. Default 1e-8.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Steps between recorded distances, &gt;= 1. Default 1.</summary>
    [OptionRange(1)]
    public int RecordEvery { get; init; } = 1;

    /// <summary>Seed of the perturbations (mixed with the run's perturbation seed). Default 0.</summary>
    public long Seed { get; init; }
}
