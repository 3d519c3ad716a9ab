namespace NetOrbit.Training;

/// <summary>Precomputed sizes and parameter offsets of an <see cref="MlpSpec"/> for the kernels.</summary>
internal sealed class MlpShape
{
    public MlpShape(MlpSpec spec)
    {
        Spec = spec;
        Sizes = [.. spec.LayerSizes];
        Layers = Sizes.Length - 1;
        WeightOffset = new int[Layers];
        BiasOffset = new int[Layers];
        var layout = spec.Layout;
        for (var l = 0; l < Layers; l++)
        {
            WeightOffset[l] = layout.Weights(l).Offset;
            BiasOffset[l] = layout.Biases(l).Offset;
        }

        ParameterCount = layout.Count;
        MaxWidth = Sizes.Max();
    }

    public MlpSpec Spec { get; }

    /// <summary>Layer widths n_0 .. n_L.</summary>
    public int[] Sizes { get; }

    /// <summary>Number of weight layers L.</summary>
    public int Layers { get; }

    public int[] WeightOffset { get; }

    public int[] BiasOffset { get; }

    public int ParameterCount { get; }

    public int MaxWidth { get; }

    public int Inputs => Sizes[0];

    public int Outputs => Sizes[^1];

    public HiddenActivation Hidden => Spec.Hidden;

    public OutputActivation Output => Spec.Output;
}
