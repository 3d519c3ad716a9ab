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
}
