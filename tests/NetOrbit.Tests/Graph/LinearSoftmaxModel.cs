using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Tests.Graph;

/// <summary>
/// Test double: a linear softmax classifier (layout [features, classes]) with mean cross-entropy
/// loss. Only Loss and Predict are implemented; the graph stage needs nothing else.
/// </summary>
internal sealed class LinearSoftmaxModel(int features, int classes) : INetworkModel
{
    public ParameterLayout Layout { get; } = ParameterLayout.ForLayers([features, classes]);

    public int LossCalls { get; private set; }

    public double Loss(ReadOnlySpan<double> w, DataSplit split)
    {
        LossCalls++;
        var logits = new double[classes];
        double total = 0;
        for (var r = 0; r < split.Count; r++)
        {
            Logits(w, split, r, logits);
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
            total += logSum - logits[split.Labels[r]];
        }

        return total / split.Count;
    }

    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions)
    {
        var logits = new double[classes];
        for (var r = 0; r < split.Count; r++)
        {
            Logits(w, split, r, logits);
            predictions[r] = Array.IndexOf(logits, logits.Max());
        }
    }

    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient) => throw new NotSupportedException();

    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) => throw new NotSupportedException();

    public INetworkModel Clone() => new LinearSoftmaxModel(features, classes);

    private void Logits(ReadOnlySpan<double> w, DataSplit split, int row, double[] logits)
    {
        var bias = Layout.Biases(0).Offset;
        for (var c = 0; c < classes; c++)
        {
            var z = w[bias + c];
            for (var f = 0; f < features; f++)
            {
                z += split.Features[row * features + f] * w[f * classes + c];
            }

            logits[c] = z;
        }
    }
}
