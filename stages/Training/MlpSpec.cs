using NetOrbit.Contracts;

namespace NetOrbit.Training;

/// <summary>
/// A fully connected multilayer perceptron: layer widths from input to output, the hidden activation
/// and the output layer with its cross-entropy loss (see <see cref="OutputActivation"/>). Parameters
/// follow <see cref="ParameterLayout"/>: per layer the weight matrix [inputs x outputs] row-major, then the biases.
/// </summary>
public sealed record MlpSpec
{
    /// <summary>Creates a spec; <paramref name="layerSizes"/> needs at least two positive widths and an output width of at least 1.</summary>
    public MlpSpec(IReadOnlyList<int> layerSizes, HiddenActivation hidden = HiddenActivation.Sigmoid, OutputActivation output = OutputActivation.Softmax)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2)
        {
            throw new ArgumentException("layerSizes: a network needs at least an input and an output layer.", nameof(layerSizes));
        }

        for (var i = 0; i < layerSizes.Count; i++)
        {
            if (layerSizes[i] <= 0)
            {
                throw new ArgumentException($"layerSizes[{i}] = {layerSizes[i]}: every width must be positive.", nameof(layerSizes));
            }
        }

        if (!Enum.IsDefined(hidden))
        {
            throw new ArgumentOutOfRangeException(nameof(hidden));
        }

        if (!Enum.IsDefined(output))
        {
            throw new ArgumentOutOfRangeException(nameof(output));
        }

        LayerSizes = [.. layerSizes];
        Hidden = hidden;
        Output = output;
        Layout = ParameterLayout.ForLayers(LayerSizes);
    }

    /// <summary>Layer widths from input to output, e.g. [4, 10, 3].</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>Activation of every hidden layer.</summary>
    public HiddenActivation Hidden { get; }

    /// <summary>Output layer and loss.</summary>
    public OutputActivation Output { get; }

    /// <summary>Parameter order.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Number of parameters P.</summary>
    public int ParameterCount => Layout.Count;

    /// <summary>Input width.</summary>
    public int Inputs => LayerSizes[0];

    /// <summary>Output width (number of classes).</summary>
    public int Outputs => LayerSizes[^1];

    /// <summary>The paper's Iris network: 4-10-3, sigmoid hidden, softmax output.</summary>
    public static MlpSpec PaperIris { get; } = new([4, 10, 3]);

    /// <summary>Multiply-adds of one forward pass per sample: sum over layers of fan_in x fan_out.</summary>
    public long MultiplyAddsPerSample()
    {
        long s = 0;
        for (var l = 0; l + 1 < LayerSizes.Count; l++)
        {
            s += (long)LayerSizes[l] * LayerSizes[l + 1];
        }

        return s;
    }

    /// <inheritdoc />
    public bool Equals(MlpSpec? other) =>
        other is not null && Hidden == other.Hidden && Output == other.Output && LayerSizes.SequenceEqual(other.LayerSizes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Hidden);
        h.Add(Output);
        foreach (var s in LayerSizes)
        {
            h.Add(s);
        }

        return h.ToHashCode();
    }
}
