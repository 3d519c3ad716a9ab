using NetOrbit.Graph.Kernels;

namespace NetOrbit.Graph;

/// <summary>Metrics of one weight matrix [FanIn x FanOut] at one snapshot (buffers reused by <see cref="SnapshotAnalyzer"/>).</summary>
internal sealed class LayerMetrics(int fanIn, int fanOut)
{
    /// <summary>Neurons feeding the layer (rows of W).</summary>
    public int FanIn { get; } = fanIn;

    /// <summary>Neurons fed by the layer (columns of W).</summary>
    public int FanOut { get; } = fanOut;

    /// <summary>Frobenius norm.</summary>
    public double Frobenius { get; set; }

    /// <summary>Singular values, descending, length min(FanIn, FanOut).</summary>
    public double[] SingularValues { get; } = new double[Math.Min(fanIn, fanOut)];

    /// <summary>Largest singular value.</summary>
    public double SpectralNorm => SingularValues[0];

    /// <summary>Frobenius^2 / spectral^2.</summary>
    public double StableRank { get; set; }

    /// <summary>Population moments of the weights.</summary>
    public Moments Moments { get; set; }

    /// <summary>Distribution of the out-strengths of the FanIn source neurons.</summary>
    public StrengthSummary OutStrength { get; set; }

    /// <summary>Distribution of the in-strengths of the FanOut target neurons.</summary>
    public StrengthSummary InStrength { get; set; }
}
