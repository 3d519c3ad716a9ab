using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Pipeline;

public sealed class ArrowTableFileTests
{
    private static readonly Schema Schema = new([new Field("x", DoubleType.Default, false)], null);

    [Fact]
    public async Task Commit_WithoutBatches_WritesReadableEmptyTable()
    {
        using var tmp = new TempDir();
        var path = tmp.File("empty.arrow");
        await ArrowTableFile.WriteAsync(path, Schema, []);
        var (schema, batches) = ArrowRead.File(path);
        Assert.Equal("x", schema.FieldsList[0].Name);
        Assert.Empty(batches);
    }

    [Fact]
    public async Task Dispose_WithoutCommit_LeavesNoFile()
    {
        using var tmp = new TempDir();
        var path = tmp.File("t.arrow");
        await using (var file = new ArrowTableFile(path, Schema))
        {
            await file.WriteAsync(new RecordBatch(Schema, [new DoubleArray.Builder().Append(1).Build()], 1));
            Assert.True(File.Exists(path + ".tmp"));
        }

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Theory]
    [InlineData(ArrowCompression.Zstd)]
    [InlineData(ArrowCompression.Lz4)]
    public async Task Write_Compressed_RoundTrips(ArrowCompression compression)
    {
        using var tmp = new TempDir();
        var path = tmp.File("c.arrow");
        var values = Enumerable.Range(0, 1000).Select(i => i * 0.5).ToArray();
        await ArrowTableFile.WriteAsync(path, Schema, [new RecordBatch(Schema, [new DoubleArray.Builder().AppendRange(values).Build()], values.Length)], compression);
        using var stream = File.OpenRead(path);
        using var reader = new Apache.Arrow.Ipc.ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
        var batch = await reader.ReadNextRecordBatchAsync();
        Assert.Equal(values, ((DoubleArray)batch.Column(0)).Values.ToArray());
    }
}
