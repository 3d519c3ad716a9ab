using System.Numerics.Tensors;
using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// A plain sigmoid-hidden, softmax-output MLP with mean cross-entropy, used only as the yardstick of
/// <see cref="GraphBenchmark"/>: the cost of one full-batch gradient step that the graph stage's
/// cost is compared with. Per-sample loops over rows with TensorPrimitives; the Training stage's
/// engine may be faster, which would raise the measured overhead fraction.
/// </summary>
internal sealed class ReferenceMlp(ParameterLayout layout) : INetworkModel
{
    private readonly double[][] _activations = [.. layout.LayerSizes.Select(n => new double[n])];
    private readonly double[][] _deltas = [.. layout.LayerSizes.Select(n => new double[n])];

    public ParameterLayout Layout { get; } = layout;

    public double Loss(ReadOnlySpan<double> w, DataSplit split)
    {
        double loss = 0;
        for (var r = 0; r < split.Count; r++)
        {
            Forward(w, split, r);
            loss -= Math.Log(Math.Max(_activations[^1][split.Labels[r]], double.Epsilon));
        }

        return loss / split.Count;
    }

    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        gradient.Clear();
        double loss = 0;
        var last = Layout.LayerCount;
        for (var r = 0; r < split.Count; r++)
        {
            Forward(w, split, r);
            var output = _activations[last];
            loss -= Math.Log(Math.Max(output[split.Labels[r]], double.Epsilon));
            output.CopyTo(_deltas[last], 0);
            _deltas[last][split.Labels[r]] -= 1;
            for (var l = last - 1; l >= 0; l--)
            {
                var wBlock = Layout.Weights(l);
                var bBlock = Layout.Biases(l);
                var delta = _deltas[l + 1];
                var input = _activations[l];
                var cols = wBlock.Shape[1];
                var g = gradient.Slice(wBlock.Offset, wBlock.Length);
                for (var i = 0; i < input.Length; i++)
                {
                    TensorPrimitives.MultiplyAdd(delta, input[i], g.Slice(i * cols, cols), g.Slice(i * cols, cols));
                }

                TensorPrimitives.Add(gradient.Slice(bBlock.Offset, cols), delta, gradient.Slice(bBlock.Offset, cols));
                if (l > 0)
                {
                    var weights = w.Slice(wBlock.Offset, wBlock.Length);
                    var previous = _deltas[l];
                    for (var i = 0; i < input.Length; i++)
                    {
                        previous[i] = TensorPrimitives.Dot(weights.Slice(i * cols, cols), delta) * input[i] * (1 - input[i]);
                    }
                }
            }
        }

        TensorPrimitives.Multiply(gradient, 1.0 / split.Count, gradient);
        return loss / split.Count;
    }

    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) =>
        throw new NotSupportedException("The benchmark yardstick has no Hessian.");

    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions)
    {
        for (var r = 0; r < split.Count; r++)
        {
            Forward(w, split, r);
            predictions[r] = TensorPrimitives.IndexOfMax(_activations[^1]);
        }
    }

    public INetworkModel Clone() => new ReferenceMlp(Layout);

    private void Forward(ReadOnlySpan<double> w, DataSplit split, int row)
    {
        split.Features.AsSpan(row * split.FeatureCount, split.FeatureCount).CopyTo(_activations[0]);
        for (var l = 0; l < Layout.LayerCount; l++)
        {
            var wBlock = Layout.Weights(l);
            var cols = wBlock.Shape[1];
            var input = _activations[l];
            var z = _activations[l + 1];
            w.Slice(Layout.Biases(l).Offset, cols).CopyTo(z);
            for (var i = 0; i < input.Length; i++)
            {
                TensorPrimitives.MultiplyAdd(w.Slice(wBlock.Offset + i * cols, cols), input[i], z, z);
            }

            if (l + 1 < Layout.LayerCount)
            {
                TensorPrimitives.Sigmoid(z, z);
            }
            else
            {
                TensorPrimitives.SoftMax(z, z);
            }
        }
    }
}
