namespace NetOrbit.Datasets.Sources;

/// <summary>A source's rows before splitting and standardisation: features row-major, class index per row.</summary>
internal sealed record RawData(string[] FeatureNames, string[] ClassNames, double[] Features, int[] Labels)
{
    public int Rows => Labels.Length;
}
