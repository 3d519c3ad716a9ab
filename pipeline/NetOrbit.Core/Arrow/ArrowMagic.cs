namespace NetOrbit.Arrow;

/// <summary>
/// Says in words why a file is not a readable Arrow IPC file, from its first and last bytes: empty,
/// an IPC stream rather than a file, a file cut short (no footer), or something else entirely.
/// </summary>
public static class ArrowMagic
{
    private static readonly byte[] Magic = "ARROW1"u8.ToArray();

    /// <summary>The problem with <paramref name="path"/> as an Arrow IPC file, or null when its start and end look right.</summary>
    public static string? Problem(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var length = stream.Length;
            if (length == 0)
            {
                return "the file is empty, not an Arrow IPC file";
            }

            Span<byte> head = stackalloc byte[8];
            var n = stream.ReadAtLeast(head, 8, throwOnEndOfStream: false);
            if (n >= 4 && head[..4].SequenceEqual((ReadOnlySpan<byte>)[0xFF, 0xFF, 0xFF, 0xFF]))
            {
                return "an Arrow IPC stream, not an Arrow IPC file (the file format has a footer); convert it, e.g. with pyarrow: pa.ipc.new_file(out, reader.schema) over pa.ipc.open_stream(path)";
            }

            if (n < Magic.Length || !head[..Magic.Length].SequenceEqual(Magic))
            {
                return "not an Arrow IPC file (it does not start with the ARROW1 magic)";
            }

            Span<byte> tail = stackalloc byte[6];
            if (length < 14)
            {
                return "truncated Arrow IPC file: shorter than its header and footer";
            }

            stream.Seek(-6, SeekOrigin.End);
            stream.ReadExactly(tail);
            return tail.SequenceEqual(Magic) ? null : "truncated Arrow IPC file: it has no footer (was it copied or written only in part?)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the file: {e.Message}";
        }
    }
}
