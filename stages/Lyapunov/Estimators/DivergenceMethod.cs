namespace NetOrbit.Lyapunov;

/// <summary>Estimator of the maximal exponent from a single recorded series.</summary>
public enum DivergenceMethod
{
    /// <summary>Rosenstein, Collins and De Luca (1993): mean ln distance of nearest-neighbour pairs.</summary>
    Rosenstein,

    /// <summary>Kantz (1994): mean over references of ln of the mean distance to all neighbours.</summary>
    Kantz,
}
