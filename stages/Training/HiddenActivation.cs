namespace NetOrbit.Training;

/// <summary>Activation of the hidden layers.</summary>
public enum HiddenActivation
{
    /// <summary>Logistic sigmoid 1 / (1 + e^-z) (the paper's choice).</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Rectified linear unit max(z, 0); its derivative at 0 is taken as 0.</summary>
    Relu,
}
