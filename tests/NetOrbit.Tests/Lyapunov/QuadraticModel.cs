using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Tests.Lyapunov;

/// <summary>
/// L(w) = 1/2 w^T A w with a symmetric A (diagonal h or dense): gradient A w, exact HVP A v. GD on it
/// is linear, so its Lyapunov spectrum is ln|1 - eta lambda_i(A)| and its sharpness max lambda_i(A).
/// </summary>
internal sealed class QuadraticModel : INetworkModel
{
    private readonly double[] _a; // row-major P x P

    private QuadraticModel(double[] a, int p)
    {
        _a = a;
        Layout = ParameterLayout.ForLayers([p - 1, 1]);
    }

    public ParameterLayout Layout { get; }

    public int Count => Layout.Count;

    public static QuadraticModel Diagonal(params double[] h)
    {
        var p = h.Length;
        var a = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            a[i * p + i] = h[i];
        }

        return new QuadraticModel(a, p);
    }

    /// <summary>A = Q diag(h) Q^T with a seeded random rotation Q.</summary>
    public static QuadraticModel Rotated(double[] h, int seed)
    {
        var p = h.Length;
        var rng = new Random(seed);
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => rng.NextDouble() - 0.5);
        var q = m.QR().Q;
        var a = q * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(h) * q.Transpose();
        return new QuadraticModel(a.ToRowMajorArray(), p);
    }

    public double Loss(ReadOnlySpan<double> w, DataSplit split)
    {
        Span<double> g = new double[w.Length];
        return Gradient(w, split, g);
    }

    public double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient)
    {
        Multiply(w, gradient);
        double loss = 0;
        for (var i = 0; i < w.Length; i++)
        {
            loss += 0.5 * w[i] * gradient[i];
        }

        return loss;
    }

    public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result) => Multiply(v, result);

    public void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions) => predictions.Clear();

    public INetworkModel Clone() => new QuadraticModel(_a, Count);

    public static DataSplit EmptySplit { get; } = new([], [], 1, 1, []);

    private void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        var p = Count;
        for (var i = 0; i < p; i++)
        {
            y[i] = System.Numerics.Tensors.TensorPrimitives.Dot(_a.AsSpan(i * p, p), x);
        }
    }
}
