using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Tests.Graph;

/// <summary>Test double with the analytic loss L(w) = 1 + sum_i c_i w_i^2 (independent of the data).</summary>
internal sealed class QuadraticModel(ParameterLayout layout, double[] c) : INetworkModel
{
    public ParameterLayout Layout { get; } = layout;

    public double Loss(ReadOnlySpan<double> w, DataSplit split)
    {
        double loss = 1;
        for (var i = 0; i < w.Length; i++)
        {
            loss += c[i] * w[i] * w[i];
        }

        return loss;
    }

    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions) => predictions.Clear();

    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient) => throw new NotSupportedException();

    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) => throw new NotSupportedException();

    public INetworkModel Clone() => new QuadraticModel(Layout, c);
}
