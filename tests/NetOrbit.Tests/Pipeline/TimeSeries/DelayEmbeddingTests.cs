using NetOrbit.TimeSeries;

namespace NetOrbit.Tests.Pipeline.TimeSeries;

public sealed class DelayEmbeddingTests
{
    [Fact]
    public void Embed_Dim3Delay2_RowsAreDelayedCopies()
    {
        double[] series = [0, 1, 2, 3, 4, 5, 6];
        Assert.Equal(3, DelayEmbedding.StateCount(series.Length, 3, 2));
        Assert.Equal([0, 2, 4, 1, 3, 5, 2, 4, 6], DelayEmbedding.Embed(series, 3, 2));
        Assert.Equal([0, 2, 4, 1, 3, 5, 2, 4, 6], DelayEmbedding.EmbedVectors(series, 1, 3, 2));
    }

    [Fact]
    public void EmbedVectors_TwoComponents_ConcatenatesDelayedSamples()
    {
        // Samples (0,10), (1,11), (2,12), (3,13); dimension 2, delay 2: states (s0, s2) and (s1, s3).
        double[] series = [0, 10, 1, 11, 2, 12, 3, 13];
        Assert.Equal([0, 10, 2, 12, 1, 11, 3, 13], DelayEmbedding.EmbedVectors(series, 2, 2, 2));
    }

    [Fact]
    public void Embed_IntoDestination_MatchesAllocatingOverload()
    {
        double[] series = [5, 4, 3, 2, 1];
        var destination = new double[4 * 2];
        DelayEmbedding.Embed(series, 2, 1, destination);
        Assert.Equal(DelayEmbedding.Embed(series, 2, 1), destination);
    }

    [Fact]
    public void Embed_SeriesTooShortOrBadArguments_Throws()
    {
        Assert.True(DelayEmbedding.StateCount(3, 5, 1) < 1);
        Assert.Contains("too short", Assert.Throws<ArgumentException>(() => DelayEmbedding.Embed([1, 2, 3], 5, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DelayEmbedding.Embed([1, 2, 3], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DelayEmbedding.Embed([1, 2, 3], 1, 0));
        Assert.Throws<ArgumentException>(() => DelayEmbedding.EmbedVectors([1, 2, 3], 2, 1, 1));
    }
}
