using System.Buffers.Binary;
using System.Globalization;
using NetOrbit.Datasets.Sources;

namespace NetOrbit.Datasets.Reading;

/// <summary>
/// Reads MNIST-format IDX files (optionally gzip-compressed): images with magic 0x00000803
/// (unsigned bytes, dimensions [N, rows, cols], big-endian) and labels with magic 0x00000801
/// (unsigned bytes, [N]). Pixels become features <c>p0..p{rows*cols-1}</c> times a scale.
/// </summary>
internal static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <param name="limit">Read only the first <paramref name="limit"/> items (null: all).</param>
    /// <param name="scale">Factor applied to every pixel byte.</param>
    public static RawData Read(string imagesPath, string labelsPath, int? limit, double scale)
    {
        var labels = ReadBytes(labelsPath, LabelsMagic, "labels [N]", limit, out _, out var labelCount);
        var images = ReadBytes(imagesPath, ImagesMagic, "images [N, rows, cols]", limit, out var imageDims, out var imageCount);
        if (labelCount != imageCount)
        {
            throw new InputFileException(labelsPath, $"label count mismatch: {labelCount} labels but {imagesPath} holds {imageCount} images");
        }

        var rows = labels.Length;
        var width = imageDims[1] * imageDims[2];
        var features = new double[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            features[i] = images[i] * scale;
        }

        // Class index = the label byte, so class k is digit k even when a limit leaves a digit out.
        var classCount = 0;
        var y = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = labels[i];
            classCount = Math.Max(classCount, labels[i] + 1);
        }

        var names = Enumerable.Range(0, width).Select(p => "p" + p.ToString(CultureInfo.InvariantCulture)).ToArray();
        var classes = Enumerable.Range(0, classCount).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new RawData(names, classes, features, y);
    }

    /// <summary>Reads the header and the payload of the first <paramref name="limit"/> items.</summary>
    private static byte[] ReadBytes(string path, int magic, string shape, int? limit, out int[] dims, out int declared)
    {
        Stream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot open the file: {e.Message}", inner: e);
        }

        try
        {
            using var stream = CsvDatasetReader.Decompress(file, path);
            var rank = magic & 0xFF;
            var header = new byte[4 + 4 * rank];
            var got = Fill(stream, header);
            if (got < 4)
            {
                throw new InputFileException(path, $"truncated file: {got} bytes, shorter than the 4-byte IDX magic number");
            }

            var found = BinaryPrimitives.ReadInt32BigEndian(header);
            if (found != magic)
            {
                throw new InputFileException(path, $"wrong IDX magic number 0x{found:X8}: expected 0x{magic:X8} (unsigned-byte {shape})");
            }

            if (got < header.Length)
            {
                throw new InputFileException(path, $"truncated file: the header needs {header.Length} bytes, found {got}");
            }

            dims = new int[rank];
            long itemSize = 1;
            for (var d = 0; d < rank; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
                if (dims[d] < 0 || (d > 0 && dims[d] == 0))
                {
                    throw new InputFileException(path, $"invalid dimension {d}: {dims[d]}");
                }

                if (d > 0)
                {
                    itemSize *= dims[d];
                }
            }

            var count = limit is { } l ? Math.Min(l, dims[0]) : dims[0];
            var total = count * itemSize;
            if (total > Array.MaxLength)
            {
                throw new InputFileException(path, $"{count} items of {itemSize} bytes exceed the largest array; set 'limit'");
            }

            var payload = new byte[total];
            var read = Fill(stream, payload);
            if (read < total)
            {
                throw new InputFileException(path, $"truncated file: the header declares {dims[0]} items of {itemSize} bytes, but the data ends after {read / itemSize} complete items", row: read / itemSize);
            }

            declared = dims[0];
            dims[0] = count;
            return payload;
        }
        catch (InvalidDataException e)
        {
            throw new InputFileException(path, $"cannot decompress: {e.Message}", inner: e);
        }
    }

    private static int Fill(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
