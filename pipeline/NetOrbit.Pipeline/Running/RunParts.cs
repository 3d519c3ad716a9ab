using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;

namespace NetOrbit.Running;

/// <summary>
/// The per-run rows of a run directory while it is being written: for every per-run table (the
/// runs table and each stage's tables), one Arrow file per chunk of consecutive runs under
/// <c>.parts/&lt;table&gt;/&lt;chunk&gt;.arrow</c>, each committed atomically once every run of the chunk
/// is in it. A chunk is a fixed range of grid positions, the same for every table, so after a kill
/// the chunks present in every table are exactly the runs that need no training again. When the
/// experiment completes, each table is the concatenation of its parts and the folder is removed.
/// </summary>
internal sealed class RunParts
{
    /// <summary>The folder, relative to the run directory.</summary>
    public const string FolderName = ".parts";

    public RunParts(string runDirectory, int firstIndex, int runCount, int chunkRuns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRuns, 1);
        Folder = Path.Combine(runDirectory, FolderName);
        FirstIndex = firstIndex;
        RunCount = runCount;
        ChunkRuns = chunkRuns;
    }

    /// <summary>The <c>.parts</c> folder.</summary>
    public string Folder { get; }

    /// <summary>Grid index of the first run written here (0 unless this is a shard).</summary>
    public int FirstIndex { get; }

    /// <summary>Runs written here; their grid indices are FirstIndex .. FirstIndex + RunCount - 1.</summary>
    public int RunCount { get; }

    /// <summary>Runs per chunk.</summary>
    public int ChunkRuns { get; }

    /// <summary>Chunks in all.</summary>
    public int Chunks => (RunCount + ChunkRuns - 1) / ChunkRuns;

    /// <summary>
    /// Runs per chunk for <paramref name="runs"/> runs: runs / 128 (about 128 chunks per table), at
    /// least 1 and at most 1,024, so a kill loses little work and a 200,000-run sweep holds 196 part
    /// files per table.
    /// </summary>
    public static int ChooseChunkRuns(int runs) => Math.Clamp(runs / 128, 1, 1024);

    /// <summary>Chunk of grid position <paramref name="position"/> (0-based within this directory).</summary>
    public int ChunkOf(int position) => position / ChunkRuns;

    /// <summary>True when <paramref name="position"/> is the last run of its chunk.</summary>
    public bool EndsChunk(int position) => (position + 1) % ChunkRuns == 0 || position + 1 == RunCount;

    /// <summary>The file of chunk <paramref name="chunk"/> of <paramref name="table"/>.</summary>
    public string PartPath(string table, int chunk) =>
        Path.Combine(Folder, table.Replace('/', Path.DirectorySeparatorChar), chunk.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + ".arrow");

    /// <summary>Number of leading chunks (0, 1, 2, ...) committed for <paramref name="table"/>.</summary>
    public int CommittedChunks(string table)
    {
        var n = 0;
        while (n < Chunks && File.Exists(PartPath(table, n)))
        {
            n++;
        }

        return n;
    }

    /// <summary>Deletes the parts of <paramref name="table"/> from chunk <paramref name="fromChunk"/> on, and any temporary file.</summary>
    public void DeleteFrom(string table, int fromChunk)
    {
        var dir = Path.GetDirectoryName(PartPath(table, 0))!;
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var f in Directory.GetFiles(dir))
        {
            var name = Path.GetFileName(f);
            if (!name.EndsWith(".arrow", StringComparison.Ordinal) || !int.TryParse(name[..^".arrow".Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var chunk) || chunk >= fromChunk)
            {
                File.Delete(f);
            }
        }
    }

    /// <summary>The batches of <paramref name="table"/>, chunk by chunk (each valid until the enumeration moves on).</summary>
    public IEnumerable<RecordBatch> Read(string table)
    {
        for (var c = 0; c < Chunks; c++)
        {
            foreach (var b in ReadFile(PartPath(table, c)))
            {
                yield return b;
            }
        }
    }

    /// <summary>Every batch of the Arrow IPC file at <paramref name="path"/>, each disposed when the enumeration moves on.</summary>
    public static IEnumerable<RecordBatch> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                yield return batch;
            }
        }
    }

    /// <summary>Removes the folder (after every table was written under its final name).</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
