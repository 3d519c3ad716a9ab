namespace NetOrbit.Lyapunov;

/// <summary>Options of the Rosenstein and Kantz estimators. Distances are in points of the (embedded) series; steps are samples.</summary>
public sealed record DivergenceOptions
{
    /// <summary>Embedding dimension m &gt;= 1 (1 = the series as given). Default 1.</summary>
    public int Dimension { get; init; } = 1;

    /// <summary>Embedding delay in samples, &gt;= 1. Default 1.</summary>
    public int Delay { get; init; } = 1;

    /// <summary>Theiler window: neighbours j of reference i need |i - j| &gt; W (&gt;= 0; the point itself is always excluded). Default 0.</summary>
    public int Theiler { get; init; }

    /// <summary>Length of the divergence curve: n = 0..MaxSteps (&gt;= 1). Default 20.</summary>
    public int MaxSteps { get; init; } = 20;

    /// <summary>First step of the slope fit (inclusive). Default 0.</summary>
    public int FitStart { get; init; }

    /// <summary>Last step of the slope fit (inclusive, &gt; FitStart, &lt;= MaxSteps). Default 5.</summary>
    public int FitEnd { get; init; } = 5;

    /// <summary>Kantz: neighbours are the points within this distance; null uses <see cref="Neighbours"/> nearest. Default null.</summary>
    public double? Radius { get; init; }

    /// <summary>Kantz without a radius: this many nearest neighbours (&gt;= 1). Rosenstein always uses 1. Default 10.</summary>
    public int Neighbours { get; init; } = 10;

    /// <summary>Reference points used (evenly spaced over the usable ones); 0 = all. Default 0.</summary>
    public int ReferencePoints { get; init; }

    /// <summary>Distance between embedded points. Default L2 (Euclidean).</summary>
    public DistanceNorm Norm { get; init; } = DistanceNorm.L2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(Dimension >= 1, nameof(Dimension), "must be >= 1");
        Require(Delay >= 1, nameof(Delay), "must be >= 1");
        Require(Theiler >= 0, nameof(Theiler), "must be >= 0");
        Require(MaxSteps >= 1, nameof(MaxSteps), "must be >= 1");
        Require(FitStart >= 0, nameof(FitStart), "must be >= 0");
        Require(FitEnd > FitStart && FitEnd <= MaxSteps, nameof(FitEnd), "must be > FitStart and <= MaxSteps");
        Require(Radius is null || (Radius > 0 && double.IsFinite(Radius.Value)), nameof(Radius), "must be positive and finite");
        Require(Neighbours >= 1, nameof(Neighbours), "must be >= 1");
        Require(ReferencePoints >= 0, nameof(ReferencePoints), "must be >= 0");
    }

    private static void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"DivergenceOptions.{name} {what}.", name);
        }
    }
}
