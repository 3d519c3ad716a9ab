namespace NetOrbit.Report;

/// <summary>The reference member's (member 0) rows of a trajectories/1 file, in step order.</summary>
internal sealed class ReferenceTrajectory
{
    private ReferenceTrajectory(long[] steps, double[] loss, double[] accuracy, double[] testLoss, double[] testAccuracy, double[][] weights)
    {
        Steps = steps;
        Loss = loss;
        Accuracy = accuracy;
        TestLoss = testLoss;
        TestAccuracy = testAccuracy;
        Weights = weights;
    }

    /// <summary>Training steps of the snapshots.</summary>
    public long[] Steps { get; }

    /// <summary>Training loss (nats).</summary>
    public double[] Loss { get; }

    /// <summary>Training accuracy in [0, 1].</summary>
    public double[] Accuracy { get; }

    /// <summary>Test loss (NaN where not evaluated).</summary>
    public double[] TestLoss { get; }

    /// <summary>Test accuracy (NaN where not evaluated).</summary>
    public double[] TestAccuracy { get; }

    /// <summary>Weight vectors W(step).</summary>
    public double[][] Weights { get; }

    /// <summary>Number of snapshots.</summary>
    public int Count => Steps.Length;

    /// <summary>The L1 norm sum |w| of each snapshot (the paper's ||W||).</summary>
    public double[] L1Norms() => [.. Weights.Select(w => w.Sum(Math.Abs))];

    public static ReferenceTrajectory From(ReportTable t)
    {
        var member = t.Longs("member");
        var keep = Enumerable.Range(0, t.Rows).Where(i => member[i] == 0).ToArray();
        T[] Pick<T>(T[] all) => [.. keep.Select(i => all[i])];
        var testLoss = t.Has("test_loss") ? Pick(t.Doubles("test_loss")) : [.. keep.Select(_ => double.NaN)];
        var testAccuracy = t.Has("test_accuracy") ? Pick(t.Doubles("test_accuracy")) : [.. keep.Select(_ => double.NaN)];
        return new ReferenceTrajectory(Pick(t.Longs("step")), Pick(t.Doubles("loss")), Pick(t.Doubles("accuracy")), testLoss, testAccuracy, Pick(t.Lists("weights")));
    }
}
