using Xunit;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class LayerSpectrumTests
{
    private static double[] SingularValues(double[] w, int rows, int cols)
    {
        var s = new double[Math.Min(rows, cols)];
        LayerSpectrum.SingularValues(w, rows, cols, s, new double[rows * cols]);
        return s;
    }

    [Fact]
    public void SingularValues_DiagonalLayer_AreAbsoluteDiagonalDescending()
    {
        // 3 x 5 with diagonal (0.5, -3, 2): singular values are |diag| sorted, to 1e-14 absolute.
        var w = new double[15];
        w[0 * 5 + 0] = 0.5;
        w[1 * 5 + 1] = -3;
        w[2 * 5 + 2] = 2;
        var s = SingularValues(w, 3, 5);
        Assert.Equal([3, 2, 0.5], s, (a, b) => Math.Abs(a - b) <= 1e-14);
        var frobenius = LayerSpectrum.Frobenius(w);
        Assert.Equal(Math.Sqrt(0.25 + 9 + 4), frobenius, 1e-14);
        Assert.Equal((0.25 + 9 + 4) / 9, LayerSpectrum.StableRank(frobenius, s[0]), 1e-14);
    }

    [Fact]
    public void SingularValues_RankOneLayer_SpectralNormIsProductOfNormsAndStableRankOne()
    {
        double[] u = [1, -2, 0.5, 3], v = [0.3, 1, -1, 2, 0.1, -0.7];
        var w = new double[u.Length * v.Length];
        for (var i = 0; i < u.Length; i++)
        {
            for (var j = 0; j < v.Length; j++)
            {
                w[i * v.Length + j] = u[i] * v[j];
            }
        }

        var expected = Math.Sqrt(u.Sum(x => x * x)) * Math.Sqrt(v.Sum(x => x * x));
        var s = SingularValues(w, u.Length, v.Length);

        // Tolerance: 1e-13 relative to the spectral norm for every value.
        Assert.Equal(expected, s[0], expected * 1e-13);
        Assert.All(s.Skip(1), x => Assert.True(Math.Abs(x) <= expected * 1e-13, $"{x}"));
        Assert.Equal(1.0, LayerSpectrum.StableRank(LayerSpectrum.Frobenius(w), s[0]), 1e-12);
    }

    [Theory]
    [InlineData(4, 10, 1)]
    [InlineData(10, 3, 2)]
    [InlineData(64, 32, 3)]
    [InlineData(32, 10, 4)]
    public void SingularValues_RandomLayer_MatchJacobiEigenvaluesOfGram(int rows, int cols, int seed)
    {
        var w = JacobiEigen.Gaussian(rows * cols, seed);
        var s = SingularValues(w, rows, cols);
        var reference = JacobiEigen.SingularValues(w, rows, cols);

        // sqrt(eig(W^T W)) loses about eps * s1^2 / s_i; 1e-10 * s1 absolute covers it with margin.
        Assert.Equal(reference.Length, s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            Assert.True(Math.Abs(s[i] - reference[i]) <= 1e-10 * s[0], $"sigma_{i}: {s[i]} vs {reference[i]}");
        }

        Assert.Equal(LayerSpectrum.Frobenius(w) * LayerSpectrum.Frobenius(w), s.Sum(x => x * x), 1e-10 * s[0] * s[0]);
    }

    [Fact]
    public void SingularValues_NonFiniteWeight_GivesNaN()
    {
        double[] w = [1, double.NaN, 0, 2];
        Assert.All(SingularValues(w, 2, 2), x => Assert.True(double.IsNaN(x)));
    }

    [Fact]
    public void StableRank_ZeroMatrix_IsNaN() => Assert.True(double.IsNaN(LayerSpectrum.StableRank(0, 0)));
}
