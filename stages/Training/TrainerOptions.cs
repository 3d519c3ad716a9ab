namespace NetOrbit.Training;

/// <summary>
/// Optimiser options of an <see cref="EnsembleTrainer"/>. Mini-batch SGD: with N training rows and batch size B
/// an epoch has ceil(N / B) steps; step t uses batch (t mod ceil(N/B)) of epoch floor(t / ceil(N/B)), the last batch
/// of an epoch holding the N - B (ceil(N/B) - 1) remaining rows. At the start of every epoch the row order is a fresh
/// Fisher-Yates shuffle drawn from one stream seeded with <see cref="ShuffleSeed"/>, so the shuffle is the same for all
/// members of an ensemble and for every run with the same seed. Gradient descent: W(t+1) = W(t) - eta grad L_batch(W(t)).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Full-batch gradient descent (default) or mini-batch SGD.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.FullBatch;

    /// <summary>Rows per mini-batch (mini-batch SGD only; at least 1, at most the training rows). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of the per-epoch shuffles (mini-batch SGD only). Default 0.</summary>
    public long ShuffleSeed { get; init; }

    /// <summary>The defaults: full-batch gradient descent.</summary>
    public static TrainerOptions Default { get; } = new();
}
