using System.Runtime.CompilerServices;
using NetOrbit.Contracts;
using NetOrbit.Graph.Kernels;
using NetOrbit.Numerics;

namespace NetOrbit.Graph;

/// <summary>
/// Computes every per-snapshot metric of one network into reusable buffers sized for one layout.
/// Not thread-safe: one analyzer per run. Results are valid until the next <see cref="Analyze"/>.
/// </summary>
internal sealed class SnapshotAnalyzer
{
    private readonly double[][] _svdScratch;
    private readonly double[] _sortScratch;
    private readonly NetworkSpectrum _spectrum;

    /// <summary>Allocates the buffers for networks of <paramref name="layout"/>.</summary>
    public SnapshotAnalyzer(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _spectrum = new NetworkSpectrum(layout);
        Layers = new LayerMetrics[layout.LayerCount];
        _svdScratch = new double[layout.LayerCount][];
        for (var l = 0; l < layout.LayerCount; l++)
        {
            var block = layout.Weights(l);
            Layers[l] = new LayerMetrics(block.Shape[0], block.Shape[1]);
            _svdScratch[l] = new double[block.Length];
        }

        var sizes = layout.LayerSizes;
        InStrength = new double[sizes.Count][];
        InSigned = new double[sizes.Count][];
        OutStrength = new double[sizes.Count][];
        OutSigned = new double[sizes.Count][];
        for (var k = 0; k < sizes.Count; k++)
        {
            InStrength[k] = k > 0 ? new double[sizes[k]] : [];
            InSigned[k] = k > 0 ? new double[sizes[k]] : [];
            OutStrength[k] = k < sizes.Count - 1 ? new double[sizes[k]] : [];
            OutSigned[k] = k < sizes.Count - 1 ? new double[sizes[k]] : [];
        }

        _sortScratch = new double[sizes.Max()];
    }

    /// <summary>The layout analysed.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>sum |w| over all parameters.</summary>
    public double L1 { get; private set; }

    /// <summary>Euclidean norm over all parameters.</summary>
    public double L2 { get; private set; }

    /// <summary>L1 distance to the initial network.</summary>
    public double L1ToInitial { get; private set; }

    /// <summary>L2 distance to the initial network.</summary>
    public double L2ToInitial { get; private set; }

    /// <summary>L1 distance to the previous snapshot, or null without one.</summary>
    public double? L1ToPrevious { get; private set; }

    /// <summary>L2 distance to the previous snapshot, or null without one.</summary>
    public double? L2ToPrevious { get; private set; }

    /// <summary>Strict sign flips since the previous snapshot, or null without one.</summary>
    public int? SignChanges { get; private set; }

    /// <summary>Spectral radius of the undirected |w| adjacency (see <see cref="NetworkSpectrum"/>).</summary>
    public double SpectralRadius { get; private set; }

    /// <summary>Per weight matrix (0 = input to first hidden layer).</summary>
    public LayerMetrics[] Layers { get; }

    /// <summary>Per neuron layer k (0 = inputs): in-strength sum |w| of incoming weights (empty for k = 0).</summary>
    public double[][] InStrength { get; }

    /// <summary>Per neuron layer: signed in-strength (empty for k = 0).</summary>
    public double[][] InSigned { get; }

    /// <summary>Per neuron layer: out-strength sum |w| of outgoing weights (empty for the output layer).</summary>
    public double[][] OutStrength { get; }

    /// <summary>Per neuron layer: signed out-strength (empty for the output layer).</summary>
    public double[][] OutSigned { get; }

    /// <summary>
    /// Analyses <paramref name="w"/> against the initial network and, when
    /// <paramref name="previous"/> is not empty, against the previous snapshot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Analyze(ReadOnlySpan<double> w, ReadOnlySpan<double> initial, ReadOnlySpan<double> previous)
    {
        var p = Layout.Count;
        if (w.Length != p || initial.Length != p || (!previous.IsEmpty && previous.Length != p))
        {
            throw new ArgumentException($"Expected parameter vectors of length {p}.");
        }

        L1 = NetworkNorms.L1(w);
        L2 = NetworkNorms.L2(w);
        (L1ToInitial, L2ToInitial) = VectorDistance.L1AndL2(w, initial);
        if (previous.IsEmpty)
        {
            L1ToPrevious = null;
            L2ToPrevious = null;
            SignChanges = null;
        }
        else
        {
            (L1ToPrevious, L2ToPrevious) = VectorDistance.L1AndL2(w, previous);
            SignChanges = NetworkNorms.SignChanges(previous, w);
        }

        for (var l = 0; l < Layers.Length; l++)
        {
            var block = Layout.Weights(l);
            var m = Layers[l];
            var weights = w.Slice(block.Offset, block.Length);
            m.Frobenius = LayerSpectrum.Frobenius(weights);
            LayerSpectrum.SingularValues(weights, m.FanIn, m.FanOut, m.SingularValues, _svdScratch[l]);
            m.StableRank = LayerSpectrum.StableRank(m.Frobenius, m.SpectralNorm);
            m.Moments = Moments.Of(weights);
            NeuronStrengths.Compute(weights, m.FanIn, m.FanOut, OutStrength[l], OutSigned[l], InStrength[l + 1], InSigned[l + 1]);
            m.OutStrength = StrengthSummary.Of(OutStrength[l], _sortScratch);
            m.InStrength = StrengthSummary.Of(InStrength[l + 1], _sortScratch);
        }

        SpectralRadius = _spectrum.SpectralRadius(w);
    }
}
