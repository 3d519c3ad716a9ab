using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

/// <summary>
/// The trainer's tanh gives every element the same bits wherever the array lies in memory. (The
/// end-to-end guard is RegimeAcceptanceTests' retraining, whose tanh sweep did not repeat bit for bit
/// from one process to the next before the trainer applied tanh in fixed chunks.)
/// </summary>
public sealed class TanhDeterminismTests
{
    [Fact]
    public void TanhInPlace_SameValuesAtEveryOffsetAndCloseToMathTanh()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 1440).Select(i => (random.NextDouble() - 0.5) * (i % 3 == 0 ? 60 : 6)).ToArray();
        var results = new List<double[]>();
        for (var offset = 0; offset < 8; offset++)
        {
            var buffer = new double[values.Length + 8];
            values.CopyTo(buffer, offset);
            var span = buffer.AsSpan(offset, values.Length);
            MlpKernels.TanhInPlace(span);
            results.Add(span.ToArray());
        }

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.All(results[0].Zip(values), p => Assert.Equal(Math.Tanh(p.Second), p.First, 1e-14));
    }
}
