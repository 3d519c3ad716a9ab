using System.Buffers.Binary;
using System.IO.Compression;
using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class IdxSourceTests
{
    // Three 2x3 images with pixels 10*i + p, labels 7, 0, 7.
    private static byte[] Images(int count = 3, int magic = 0x00000803, int declared = 3)
    {
        var bytes = new byte[16 + count * 6];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declared);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 2);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 3);
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < 6; p++)
            {
                bytes[16 + i * 6 + p] = (byte)(10 * i + p);
            }
        }

        return bytes;
    }

    private static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(data);
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Load_SmallIdxFiles_PixelsScaledAndClassIsTheLabelValue()
    {
        using var dir = new ScratchDirectory();
        dir.File("img.idx", Images());
        dir.File("lab.idx", Labels(7, 0, 7));
        var d = DatasetTestKit.Load("""{"name":"m","source":"idx","images":"img.idx","labels":"lab.idx","scale":0.5,"test_fraction":0}""", dir.Path);

        Assert.Equal(3, d.Rows);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "p5"], d.FeatureNames);
        Assert.Equal(8, d.ClassCount);
        Assert.Equal("7", d.ClassNames[7]);
        Assert.Equal([7, 0, 7], d.Labels);
        Assert.Equal([5.0, 5.5, 6.0, 6.5, 7.0, 7.5], d.Features.AsSpan(6, 6).ToArray());
    }

    [Fact]
    public void Load_GzipAndLimit_ReadsTheFirstItems()
    {
        using var dir = new ScratchDirectory();
        dir.File("img.idx.gz", Gzip(Images()));
        dir.File("lab.idx.gz", Gzip(Labels(1, 2, 3)));
        var d = DatasetTestKit.Load("""{"name":"m","source":"idx","images":"img.idx.gz","labels":"lab.idx.gz","limit":2}""", dir.Path);

        Assert.Equal(2, d.Rows);
        Assert.Equal([1, 2], d.Labels);
        Assert.Equal(10 / 255.0, d.Features[6], 15);
    }

    [Fact]
    public void Load_WrongMagic_NamesTheFileAndBothNumbers()
    {
        using var dir = new ScratchDirectory();
        var images = dir.File("img.idx", Images(magic: 0x00000801));
        dir.File("lab.idx", Labels(1, 2, 3));
        var recipe = DatasetCatalog.FromJson("""{"name":"m","source":"idx","images":"img.idx","labels":"lab.idx"}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(images, e.File);
        Assert.Equal($"{images}: wrong IDX magic number 0x00000801: expected 0x00000803 (unsigned-byte images [N, rows, cols])", e.Message);
    }

    [Fact]
    public void Load_TruncatedImages_SaysHowManyItemsAreComplete()
    {
        using var dir = new ScratchDirectory();
        var images = dir.File("img.idx", Images()[..^4]);
        dir.File("lab.idx", Labels(1, 2, 3));
        var recipe = DatasetCatalog.FromJson("""{"name":"m","source":"idx","images":"img.idx","labels":"lab.idx"}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(images, e.File);
        Assert.Equal(2, e.Row);
        Assert.Contains("truncated file: the header declares 3 items of 6 bytes, but the data ends after 2 complete items", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedHeader_Fails()
    {
        using var dir = new ScratchDirectory();
        dir.File("img.idx", Images()[..10]);
        var labels = dir.File("lab.idx", Labels(1, 2, 3)[..2]);
        var recipe = DatasetCatalog.FromJson("""{"name":"m","source":"idx","images":"img.idx","labels":"lab.idx"}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(labels, e.File);
        Assert.Contains("truncated file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelCountMismatch_NamesBothFiles()
    {
        using var dir = new ScratchDirectory();
        var images = dir.File("img.idx", Images());
        var labels = dir.File("lab.idx", Labels(1, 2));
        var recipe = DatasetCatalog.FromJson("""{"name":"m","source":"idx","images":"img.idx","labels":"lab.idx","limit":1}""", dir.Path);

        var e = Assert.Throws<InputFileException>(recipe.Load);

        Assert.Equal(labels, e.File);
        Assert.Equal($"{labels}: label count mismatch: 2 labels but {images} holds 3 images", e.Message);
    }
}
