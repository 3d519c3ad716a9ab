using System.Numerics.Tensors;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Lyapunov;
using NetOrbit.Randomness;

namespace NetOrbit.Cli.Bench;

/// <summary>L(w) = 1/2 w^T A w with a seeded dense symmetric A: a stand-in model whose HVP costs one P x P product.</summary>
internal sealed class DenseQuadraticModel : INetworkModel
{
    private readonly double[] _a;

    public DenseQuadraticModel(ParameterLayout layout, long seed)
    {
        Layout = layout;
        var p = layout.Count;
        var rng = new SeededRandom(seed);
        _a = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                _a[i * p + j] = _a[j * p + i] = (rng.NextDouble() - 0.5) / p;
            }
        }
    }

    private DenseQuadraticModel(ParameterLayout layout, double[] a)
    {
        Layout = layout;
        _a = a;
    }

    public ParameterLayout Layout { get; }

    public double Loss(ReadOnlySpan<double> w, DataSplit split) => Gradient(w, split, new double[w.Length]);

    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        Multiply(w, gradient);
        return 0.5 * TensorPrimitives.Dot(w, gradient);
    }

    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) => Multiply(v, result);

    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions) => predictions.Clear();

    public INetworkModel Clone() => new DenseQuadraticModel(Layout, _a);

    private void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        var p = Layout.Count;
        for (var i = 0; i < p; i++)
        {
            y[i] = TensorPrimitives.Dot(_a.AsSpan(i * p, p), x);
        }
    }
}
