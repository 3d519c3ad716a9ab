using Xunit;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class NetworkNormsTests
{
    [Fact]
    public void Norms_HandVector_AreExact()
    {
        double[] w = [3, -4, 0, 12];
        Assert.Equal(19, NetworkNorms.L1(w));
        Assert.Equal(13, NetworkNorms.L2(w), 1e-15);
    }

    [Fact]
    public void Distances_HandVectors_AreExact()
    {
        double[] a = [1, 2, 3, 4], b = [1, -1, 3, 8];
        Assert.Equal(7, NetOrbit.Numerics.VectorDistance.L1(a, b));
        Assert.Equal(5, NetOrbit.Numerics.VectorDistance.L2(a, b), 1e-15);
    }

    [Fact]
    public void SignChanges_CountsStrictFlipsOnly()
    {
        // flips at 0 and 3; 0 -> 1 and 1 -> 0 are not flips.
        double[] previous = [1, 0, 1, -2, 2], current = [-1, 1, 0, 3, 5];
        Assert.Equal(2, NetworkNorms.SignChanges(previous, current));
    }
}
