namespace NetOrbit.Training;

/// <summary>Which parameters of a perturbed copy receive U(-eps, eps) noise.</summary>
public enum PerturbationTarget
{
    /// <summary>Connection weights only; biases are copied unchanged (the paper's choice, default).</summary>
    Weights,

    /// <summary>Every parameter, biases included.</summary>
    All,
}
