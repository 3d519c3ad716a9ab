namespace NetOrbit.Training;

/// <summary>The optimiser of an ensemble.</summary>
public enum OptimizerKind
{
    /// <summary>Full-batch gradient descent: one step uses every training row (the paper's choice, default).</summary>
    FullBatch,

    /// <summary>Mini-batch SGD with seeded shuffling; see <see cref="TrainerOptions"/>.</summary>
    MiniBatch,
}
