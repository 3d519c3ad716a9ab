namespace NetOrbit.Training;

/// <summary>
/// Work buffers of the kernels' Hessian-vector product: R(z), R(a) and R(delta) of layers 1..L ([unit][sample], index
/// l - 1), three temporaries as wide as the widest layer, and a weight gradient of the largest layer.
/// </summary>
internal sealed record MlpRBuffers(double[][] Rz, double[][] Ra, double[][] RDelta, double[] S, double[] T1, double[] T2, double[] Product, double[] ProductBias)
{
    public static MlpRBuffers Create(MlpShape shape, int capacity)
    {
        var layers = shape.Layers;
        double[][] Rows() => [.. Enumerable.Range(1, layers).Select(l => new double[shape.Sizes[l] * capacity])];
        var wide = shape.MaxWidth * capacity;
        var largest = Enumerable.Range(0, layers).Max(l => shape.Sizes[l] * shape.Sizes[l + 1]);
        return new MlpRBuffers(Rows(), Rows(), Rows(), new double[wide], new double[wide], new double[wide], new double[largest], new double[shape.MaxWidth]);
    }
}
