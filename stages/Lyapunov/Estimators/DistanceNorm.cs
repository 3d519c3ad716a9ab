namespace NetOrbit.Lyapunov;

/// <summary>The norm used to measure the distance between two parameter vectors.</summary>
public enum DistanceNorm
{
    /// <summary>Entry-wise L1 norm, sum |a - b| (the paper's convention).</summary>
    L1,

    /// <summary>Euclidean norm, sqrt(sum (a - b)^2).</summary>
    L2,
}
