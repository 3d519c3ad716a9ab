namespace NetOrbit.Data;

/// <summary>One split of a dataset as contiguous arrays: features row-major and class indices.</summary>
/// <param name="Features">Row-major features, length Count x FeatureCount.</param>
/// <param name="Labels">Class index per row.</param>
/// <param name="FeatureCount">Features per row.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="SourceRows">Index of every row in the full dataset.</param>
public sealed record DataSplit(double[] Features, int[] Labels, int FeatureCount, int ClassCount, int[] SourceRows)
{
    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;
}
