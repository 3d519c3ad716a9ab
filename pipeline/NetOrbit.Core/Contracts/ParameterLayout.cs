using System.Text.Json;

namespace NetOrbit.Contracts;

/// <summary>
/// The order of a multilayer perceptron's parameters in the flat vector: per layer, the weight
/// matrix [inputs x outputs] row-major, then its biases (the order of the paper's composite matrix).
/// </summary>
public sealed class ParameterLayout
{
    private ParameterLayout(int[] layerSizes, IReadOnlyList<ParameterBlock> blocks)
    {
        LayerSizes = layerSizes;
        Blocks = blocks;
        Count = blocks.Count == 0 ? 0 : blocks[^1].Offset + blocks[^1].Length;
    }

    /// <summary>Layer widths from input to output, e.g. [4, 10, 3].</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>The blocks in vector order: W1, b1, W2, b2, ...</summary>
    public IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>Total number of parameters P.</summary>
    public int Count { get; }

    /// <summary>Number of layers of connections (weight matrices).</summary>
    public int LayerCount => LayerSizes.Count - 1;

    /// <summary>The weight block of layer <paramref name="layer"/> (0-based).</summary>
    public ParameterBlock Weights(int layer) => Blocks[2 * layer];

    /// <summary>The bias block of layer <paramref name="layer"/> (0-based).</summary>
    public ParameterBlock Biases(int layer) => Blocks[2 * layer + 1];

    /// <summary>Architecture label such as <c>4-10-3</c>.</summary>
    public string Architecture => IsNetwork ? string.Join('-', LayerSizes) : $"P{Count}";

    /// <summary>Builds the layout for the given layer widths (at least two, each positive).</summary>
    public static ParameterLayout ForLayers(IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2)
        {
            throw new ArgumentException("A network needs at least an input and an output layer.", nameof(layerSizes));
        }

        var blocks = new List<ParameterBlock>();
        var offset = 0;
        for (var l = 0; l + 1 < layerSizes.Count; l++)
        {
            int fanIn = layerSizes[l], fanOut = layerSizes[l + 1];
            if (fanIn <= 0 || fanOut <= 0)
            {
                throw new ArgumentException("Layer sizes must be positive.", nameof(layerSizes));
            }

            blocks.Add(new ParameterBlock($"W{l + 1}", [fanIn, fanOut], offset));
            offset += fanIn * fanOut;
            blocks.Add(new ParameterBlock($"b{l + 1}", [fanOut], offset));
            offset += fanOut;
        }

        return new ParameterLayout([.. layerSizes], blocks);
    }

    /// <summary>A layout of <paramref name="count"/> parameters with no known network structure (one block <c>w</c>), for trajectories recorded by other tools without layout metadata.</summary>
    public static ParameterLayout Flat(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new ParameterLayout([], [new ParameterBlock("w", [count], 0)]);
    }

    /// <summary>True when the layout describes a multilayer perceptron (weight and bias blocks per layer).</summary>
    public bool IsNetwork => LayerSizes.Count >= 2;

    /// <summary>True where parameter <paramref name="index"/> is a connection weight (not a bias).</summary>
    public bool IsWeight(int index)
    {
        foreach (var b in Blocks)
        {
            if (index >= b.Offset && index < b.Offset + b.Length)
            {
                return b.IsWeight;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>The layout as the JSON list stored in <c>netorbit.param_layout</c>: [{name, shape, offset}].</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var b in Blocks)
            {
                w.WriteStartObject();
                w.WriteString("name", b.Name);
                w.WriteStartArray("shape");
                foreach (var s in b.Shape)
                {
                    w.WriteNumberValue(s);
                }

                w.WriteEndArray();
                w.WriteNumber("offset", b.Offset);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a layout written by <see cref="ToJson"/>; layer sizes are recovered from the weight shapes.</summary>
    public static ParameterLayout FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var sizes = new List<int>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            if (shape.Length == 2)
            {
                if (sizes.Count == 0)
                {
                    sizes.Add(shape[0]);
                }

                sizes.Add(shape[1]);
            }
        }

        return ForLayers(sizes);
    }
}
