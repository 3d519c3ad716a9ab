namespace NetOrbit.Training;

/// <summary>How the reference network's initial weights are drawn. Biases always start at zero.</summary>
public enum WeightInit
{
    /// <summary>Every connection weight ~ N(0, 1) (the paper's choice, default).</summary>
    Normal,

    /// <summary>Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).</summary>
    Glorot,

    /// <summary>He/Kaiming normal: N(0, 2 / fan_in).</summary>
    He,
}
