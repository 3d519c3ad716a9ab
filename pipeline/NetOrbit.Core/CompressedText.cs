using System.IO.Compression;

namespace NetOrbit;

/// <summary>Text files that may be gzip-compressed: a name ending in <c>.gz</c> is decompressed while read.</summary>
public static class CompressedText
{
    /// <summary>The lines of <paramref name="path"/>, decompressed where its name ends in <c>.gz</c>.</summary>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not valid gzip.</exception>
    public static IEnumerable<string> ReadLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsGzip(path))
        {
            return File.ReadLines(path);
        }

        return Decompressed(path);

        static IEnumerable<string> Decompressed(string path)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                yield return line;
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> names a gzip file (ends in <c>.gz</c>).</summary>
    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
