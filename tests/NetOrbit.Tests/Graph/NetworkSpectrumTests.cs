using Xunit;
using NetOrbit.Contracts;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class NetworkSpectrumTests
{
    [Fact]
    public void SpectralRadius_PathOfThreeNeurons_IsSqrtTwo()
    {
        // 1-1-1 network with unit weights is the path graph P3: eigenvalues -sqrt 2, 0, sqrt 2.
        var spectrum = new NetworkSpectrum(ParameterLayout.ForLayers([1, 1, 1]));
        Assert.Equal(Math.Sqrt(2), spectrum.SpectralRadius([1, 5, -1, 5]), 1e-14);
    }

    [Fact]
    public void SpectralRadius_StarWithSignedWeights_UsesMagnitudes()
    {
        // One input to four outputs, |w| = 1: the star K(1,4), radius sqrt 4 = 2.
        var spectrum = new NetworkSpectrum(ParameterLayout.ForLayers([1, 4]));
        Assert.Equal(2, spectrum.SpectralRadius([1, -1, 1, -1, 0, 0, 0, 0]), 1e-14);
    }

    [Fact]
    public void SpectralRadius_CompleteBipartiteLayers_IsSqrtOfProduct()
    {
        // 3-4 fully connected with weight 2: K(3,4) scaled by 2, radius 2 sqrt 12.
        var spectrum = new NetworkSpectrum(ParameterLayout.ForLayers([3, 4]));
        var w = Enumerable.Repeat(2.0, 12).Concat(new double[4]).ToArray();
        Assert.Equal(2 * Math.Sqrt(12), spectrum.SpectralRadius(w), 1e-13);
    }

    [Theory]
    [InlineData(new[] { 4, 10, 3 }, 5)]
    [InlineData(new[] { 3, 4, 2, 2 }, 6)]
    [InlineData(new[] { 5, 3, 4, 2, 3 }, 7)]
    [InlineData(new[] { 64, 32, 10 }, 8)]
    public void SpectralRadius_RandomNetwork_MatchesJacobiOnFullAdjacency(int[] sizes, int seed)
    {
        var layout = ParameterLayout.ForLayers(sizes);
        var w = JacobiEigen.Gaussian(layout.Count, seed);

        // Full symmetric adjacency S = A + A^T over all neurons, numbered layer by layer.
        var n = sizes.Sum();
        var s = new double[n * n];
        var first = 0;
        for (var l = 0; l < layout.LayerCount; l++)
        {
            var block = layout.Weights(l);
            int rows = block.Shape[0], cols = block.Shape[1], next = first + rows;
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    var a = Math.Abs(w[block.Offset + i * cols + j]);
                    s[(first + i) * n + next + j] = a;
                    s[(next + j) * n + first + i] = a;
                }
            }

            first = next;
        }

        var eigenvalues = JacobiEigen.Eigenvalues(s, n);
        var expected = Math.Max(eigenvalues[0], -eigenvalues[^1]);

        // Bipartite graph: the spectrum is symmetric, so the largest eigenvalue is the radius.
        Assert.Equal(eigenvalues[0], -eigenvalues[^1], 1e-10 * expected);
        Assert.Equal(expected, new NetworkSpectrum(layout).SpectralRadius(w), 1e-11 * expected);
    }

    [Theory]
    [InlineData(7, 10, 31)]
    [InlineData(10, 7, 32)]
    [InlineData(3, 3, 33)]
    [InlineData(12, 16, 34)]
    public void PerronSingularValue_RandomNonNegative_WithinStoppingBoundOfEigenSolver(int rows, int cols, int seed)
    {
        // The iteration may stop on the Kato-Temple bound; the eigenvalue of G = B B^T it returns
        // must still be within 1e-13 of the largest one found by an independent Jacobi solver.
        var b = JacobiEigen.Gaussian(rows * cols, seed).Select(Math.Abs).ToArray();
        var k = Math.Min(rows, cols);
        var g = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                double sum = 0;
                for (var r = 0; r < Math.Max(rows, cols); r++)
                {
                    sum += rows <= cols ? b[i * cols + r] * b[j * cols + r] : b[r * cols + i] * b[r * cols + j];
                }

                g[i * k + j] = sum;
            }
        }

        var lambda = JacobiEigen.Eigenvalues(g, k)[0];
        var sigma = NetworkSpectrum.PerronSingularValue(b, rows, cols, new double[k * k], new double[k], new double[k]);
        Assert.NotNull(sigma);
        Assert.True(Math.Abs(sigma.Value * sigma.Value - lambda) <= 1e-13 * lambda, $"{sigma.Value * sigma.Value} vs {lambda}");
    }

    [Fact]
    public void SpectralRadius_NearlyDegenerateTop_FallsBackToSvd()
    {
        // 2-2 layer W = diag(1, 1 - 1e-7): the top two singular values are too close for power
        // iteration to settle within its budget, so the SVD fallback answers: radius 1.
        double[] w = [1, 0, 0, 1 - 1e-7, 0, 0];
        var gram = new double[4];
        Assert.Null(NetworkSpectrum.PerronSingularValue(w.AsSpan(0, 4), 2, 2, gram, new double[2], new double[2]));
        Assert.Equal(1, new NetworkSpectrum(ParameterLayout.ForLayers([2, 2])).SpectralRadius(w), 1e-14);
    }

    [Fact]
    public void SpectralRadius_ZeroNetwork_IsZero() =>
        Assert.Equal(0, new NetworkSpectrum(ParameterLayout.ForLayers([3, 2, 2])).SpectralRadius(new double[3 * 2 + 2 + 2 * 2 + 2]));

    [Fact]
    public void SpectralRadius_NonFiniteWeight_IsNaN()
    {
        var spectrum = new NetworkSpectrum(ParameterLayout.ForLayers([1, 1, 1]));
        Assert.True(double.IsNaN(spectrum.SpectralRadius([double.PositiveInfinity, 0, 1, 0])));
    }
}
