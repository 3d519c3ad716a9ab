namespace NetOrbit.Arrow;

/// <summary>Buffer compression of written Arrow IPC files.</summary>
public enum ArrowCompression
{
    /// <summary>No compression (default: every Arrow reader opens it).</summary>
    None,

    /// <summary>Zstandard buffer compression.</summary>
    Zstd,

    /// <summary>LZ4 frame buffer compression.</summary>
    Lz4,
}
