using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Graph.Kernels;

/// <summary>Which rows of a split a network misclassifies (the paper's Fig. 2).</summary>
internal static class Misclassification
{
    /// <summary>
    /// Predicts every row of <paramref name="split"/> into <paramref name="predicted"/> (length
    /// split.Count) and returns the split-local indices of the rows whose prediction differs from
    /// the label, ascending.
    /// </summary>
    public static int[] Find(INetworkModel model, ReadOnlySpan<double> w, DataSplit split, Span<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        if (predicted.Length != split.Count)
        {
            throw new ArgumentException("Prediction buffer must have one entry per row.", nameof(predicted));
        }

        if (split.Count == 0)
        {
            return [];
        }

        model.Predict(w, split, predicted);
        var wrong = new List<int>();
        for (var i = 0; i < split.Count; i++)
        {
            if (predicted[i] != split.Labels[i])
            {
                wrong.Add(i);
            }
        }

        return [.. wrong];
    }
}
