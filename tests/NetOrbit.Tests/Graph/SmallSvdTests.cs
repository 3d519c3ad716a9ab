using MathNet.Numerics.LinearAlgebra;
using NetOrbit.Graph.Kernels;
using Xunit;

namespace NetOrbit.Tests.Graph;

public sealed class SmallSvdTests
{
    [Theory]
    [InlineData(4, 10, 21)]
    [InlineData(10, 4, 22)]
    [InlineData(7, 10, 23)]
    [InlineData(16, 40, 24)]
    [InlineData(40, 16, 25)]
    [InlineData(5, 5, 26)]
    [InlineData(1, 9, 27)]
    public void LayerSpectrum_SmallMatrix_MatchesMathNetSvd(int rows, int cols, int seed)
    {
        var w = JacobiEigen.Gaussian(rows * cols, seed);
        var k = Math.Min(rows, cols);
        Assert.True(k <= SmallSvd.MaxColumns); // the hand-written path is the one under test
        var values = new double[k];
        LayerSpectrum.SingularValues(w, rows, cols, values, new double[rows * cols]);
        var reference = Matrix<double>.Build.DenseOfRowMajor(rows, cols, w).Svd(computeVectors: false).S.ToArray();

        // Both are backward stable: agreement to 1e-12 of the spectral norm.
        for (var i = 0; i < k; i++)
        {
            Assert.True(Math.Abs(values[i] - reference[i]) <= 1e-12 * reference[0], $"sigma_{i}: {values[i]} vs {reference[i]}");
        }
    }

    [Fact]
    public void SingularValues_RankDeficientWithZeroColumn_GivesZeros()
    {
        // Columns (each 3 long): a, 2a, 0, b with a = (1, 2, 2), b = (2, -1, 0): a and b are
        // orthogonal, |a| = 3, |b| = sqrt 5, so the singular values are sqrt(45), sqrt 5, 0, 0.
        double[] columns = [1, 2, 2, 2, 4, 4, 0, 0, 0, 2, -1, 0];
        var values = new double[4];
        Assert.True(SmallSvd.SingularValues(columns, 3, 4, values));
        Assert.Equal(Math.Sqrt(45), values[0], 1e-13);
        Assert.Equal(Math.Sqrt(5), values[1], 1e-13);
        Assert.Equal(0, values[2], 1e-13);
        Assert.Equal(0, values[3], 1e-13);
    }

    [Fact]
    public void SingularValues_TallRankDeficient_GivesZerosThroughPivotedQr()
    {
        // The same columns a, 2a, 0, b padded to length 6 (more rows than columns: the QR path).
        double[] columns = [1, 2, 2, 0, 0, 0, 2, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, -1, 0, 0, 0, 0];
        var values = new double[4];
        Assert.True(SmallSvd.SingularValues(columns, 6, 4, values));
        Assert.Equal(Math.Sqrt(45), values[0], 1e-13);
        Assert.Equal(Math.Sqrt(5), values[1], 1e-13);
        Assert.Equal(0, values[2], 1e-13);
        Assert.Equal(0, values[3], 1e-13);
    }

    [Fact]
    public void SingularValues_ZeroMatrix_AreZero()
    {
        var values = new double[3];
        Assert.True(SmallSvd.SingularValues(new double[12], 4, 3, values));
        Assert.All(values, v => Assert.Equal(0, v));
    }
}
