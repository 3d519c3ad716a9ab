using Xunit;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class ParameterPathTests
{
    // Three parameters over four snapshots.
    private static readonly double[][] Trajectory =
    [
        [1, 0, -2],
        [3, 0.5, -2],
        [2, -0.5, -2],
        [2.5, 0, -1],
    ];

    [Fact]
    public void Add_HandTrajectory_GivesPathLengthAndExcursion()
    {
        var path = new ParameterPath(3);
        foreach (var w in Trajectory)
        {
            path.Add(w);
        }

        Assert.Equal(3, path.Increments);
        Assert.Equal([3.5, 2, 1], path.Length.ToArray());
        Assert.Equal([1, -0.5, -2], path.Min.ToArray());
        Assert.Equal([3, 0.5, -1], path.Max.ToArray());
    }

    [Fact]
    public void Displacement_HandTrajectory_IsRelativeWithIeeeZeroCases()
    {
        var result = new double[4];
        ParameterPath.Displacement([1, 0, -2, 0], [2.5, 0, -1, 0.25], result);
        Assert.Equal(1.5, result[0]);
        Assert.True(double.IsNaN(result[1]));   // w(0) = 0 and unmoved: 0/0
        Assert.Equal(0.5, result[2]);
        Assert.True(double.IsPositiveInfinity(result[3])); // w(0) = 0 and moved (a bias)
    }

    [Fact]
    public void PathLength_IsAtLeastNetDisplacement()
    {
        var path = new ParameterPath(3);
        foreach (var w in Trajectory)
        {
            path.Add(w);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.True(path.Length[i] >= Math.Abs(Trajectory[^1][i] - Trajectory[0][i]));
        }
    }

    [Fact]
    public void Add_ElevenParameters_VectorAndScalarTailAgreeWithScalarDefinition()
    {
        // 11 parameters: whole vectors and a scalar tail whatever the vector width; a NaN in
        // either part makes its length, min and max NaN.
        var random = new Random(5);
        var points = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 11).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        points[3][1] = double.NaN;
        points[4][10] = double.NaN;
        var path = new ParameterPath(11);
        foreach (var w in points)
        {
            path.Add(w);
        }

        for (var i = 0; i < 11; i++)
        {
            double length = 0, min = points[0][i], max = points[0][i];
            for (var t = 1; t < points.Length; t++)
            {
                length += Math.Abs(points[t][i] - points[t - 1][i]);
                min = Math.Min(min, points[t][i]);
                max = Math.Max(max, points[t][i]);
            }

            Assert.Equal(length, path.Length[i]);
            Assert.Equal(min, path.Min[i]);
            Assert.Equal(max, path.Max[i]);
        }

        Assert.True(double.IsNaN(path.Max[1]) && double.IsNaN(path.Min[10]));
    }
}
