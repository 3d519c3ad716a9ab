using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>
/// A recorded run is self-contained: replaying its recorded initial weights on its recorded
/// training split (datasets/iris.arrow) with an independent, plain float64 implementation of
/// gradient descent reproduces the recorded trajectory.
/// </summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task RecordedTrajectory_AtEta001_MatchesIndependentReplay()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var json = RunCommandTests.Quick.Replace("[0.01, 1]", "[0.01]").Replace("\"steps\": 150", "\"steps\": 300");
        var (code, _, err) = await RunCommandTests.Run(json, dir);
        Assert.True(code == 0, err);

        var data = Path.Combine(dir, "datasets", "iris.arrow");
        var split = ArrowRead.Strings(data, "split");
        var labels = ArrowRead.Longs(data, "label");
        var features = new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" }.Select(c => ArrowRead.Doubles(data, c)).ToArray();
        var rows = Enumerable.Range(0, split.Count).Where(r => split[r] == "train").ToArray();
        Assert.Equal(120, rows.Length);
        var x = rows.Select(r => features.Select(f => f[r]).ToArray()).ToArray();
        var y = rows.Select(r => (int)labels[r]).ToArray();

        var traj = Directory.GetFiles(Path.Combine(dir, "trajectories")).Order().First();
        var members = ArrowRead.Longs(traj, "member");
        var steps = ArrowRead.Longs(traj, "step");
        var weights = ArrowRead.Vectors(traj, "weights");
        var loss = ArrowRead.Doubles(traj, "loss");
        var accuracy = ArrowRead.Doubles(traj, "accuracy");

        foreach (var member in new[] { 0L, 2L })
        {
            var idx = Enumerable.Range(0, members.Count).Where(i => members[i] == member).ToArray();
            var w = (double[])weights[idx[0]].Clone();
            for (var t = 0; t < idx.Length; t++)
            {
                Assert.Equal(t, steps[idx[t]]);
                var (l, acc, g) = ReferenceMlp.LossAndGradient([4, 10, 3], w, x, y);
                AssertClose(l, loss[idx[t]], 1e-10);
                Assert.Equal(acc, accuracy[idx[t]]);
                for (var i = 0; i < w.Length; i++)
                {
                    AssertClose(w[i], weights[idx[t]][i], 1e-9);
                }

                for (var i = 0; i < w.Length; i++)
                {
                    w[i] -= 0.01 * g[i];
                }
            }
        }
    }

    private static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
