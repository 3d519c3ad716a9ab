using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NetOrbit.Contracts;

namespace NetOrbit.Arrow;

/// <summary>
/// Reads the rows of one recorded run from a trajectory file: a <c>trajectories/1</c> file written by
/// another tool with the same columns (run_id, member, step, loss, weights as
/// fixed_size_list&lt;float64&gt;[P]; accuracy, test_loss and test_accuracy optional), holding one run,
/// or a NetOrbit part file (<see cref="TrajectoryFolder"/>) holding the rows of consecutive runs,
/// each run's rows together. Without <c>netorbit.param_layout</c> metadata the parameters form one
/// block.
/// </summary>
public sealed class TrajectoryFile
{
    private TrajectoryFile(string path, string runId, ParameterLayout? layout, int parameterCount, int members, long lastStep, long firstRow, long rows, int firstBatch, long firstBatchRow)
    {
        FirstBatch = firstBatch;
        FirstBatchRow = firstBatchRow;
        Path = path;
        RunId = runId;
        Layout = layout;
        ParameterCount = parameterCount;
        Members = members;
        LastStep = lastStep;
        FirstRow = firstRow;
        Rows = rows;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The run id of its rows.</summary>
    public string RunId { get; }

    /// <summary>The parameter layout from the metadata, or null when the file has none.</summary>
    public ParameterLayout? Layout { get; }

    /// <summary>Parameters per snapshot.</summary>
    public int ParameterCount { get; }

    /// <summary>Members (largest member index + 1).</summary>
    public int Members { get; }

    /// <summary>Largest step recorded.</summary>
    public long LastStep { get; }

    /// <summary>Row of the file where the run's rows start (0 for a one-run file).</summary>
    public long FirstRow { get; }

    /// <summary>Rows of the run.</summary>
    public long Rows { get; }

    /// <summary>The record batch holding the run's first row, and the file row that batch starts at: reading starts there.</summary>
    private int FirstBatch { get; }

    private long FirstBatchRow { get; }

    /// <summary>Opens and checks <paramref name="path"/>, which must hold one run; throws <see cref="InputFileException"/> with one line saying what is wrong.</summary>
    public static TrajectoryFile Open(string path)
    {
        var runs = OpenRuns(path);
        if (runs.Count > 1)
        {
            throw new InputFileException(path, $"row {runs[1].FirstRow}: run_id '{runs[1].RunId}' differs from '{runs[0].RunId}' (one run per file)");
        }

        return runs[0];
    }

    /// <summary>
    /// Opens and checks <paramref name="path"/>: the runs it holds, in file order (one for a one-run
    /// file). Each run's rows must be together and ordered by step.
    /// </summary>
    /// <exception cref="InputFileException">The file is unreadable, has the wrong columns, no rows, or rows out of order.</exception>
    public static IReadOnlyList<TrajectoryFile> OpenRuns(string path)
    {
        var found = new List<TrajectoryFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? runId = null;
        var members = 0;
        long lastStep = -1, rows = 0, firstRow = 0, firstBatchRow = 0;
        int p = 0, batchIndex = -1, firstBatch = 0;
        ParameterLayout? layout = null;
        void Close(long end)
        {
            if (runId is not null)
            {
                found.Add(new TrajectoryFile(path, runId, layout, p, members, lastStep, firstRow, end - firstRow, firstBatch, firstBatchRow));
            }
        }

        foreach (var (batch, schema) in ReadBatches(path))
        {
            batchIndex++;
            if (rows == 0 && runId is null)
            {
                p = CheckSchema(path, schema);
                if (schema.Metadata?.TryGetValue(ArrowMetadata.ParamLayoutKey, out var json) == true)
                {
                    try
                    {
                        layout = ParameterLayout.FromJson(json);
                    }
                    catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
                    {
                        throw new InputFileException(path, $"metadata {ArrowMetadata.ParamLayoutKey} is not a valid layout: {e.Message}");
                    }

                    if (layout.Count != p)
                    {
                        throw new InputFileException(path, $"metadata {ArrowMetadata.ParamLayoutKey} describes {layout.Count} parameters but weights hold {p}");
                    }
                }
            }

            var ids = (StringArray)batch.Column(schema.GetFieldIndex("run_id"));
            var member = (Int32Array)batch.Column(schema.GetFieldIndex("member"));
            var step = (Int64Array)batch.Column(schema.GetFieldIndex("step"));
            for (var i = 0; i < batch.Length; i++)
            {
                var row = rows + i;
                var id = ids.GetString(i);
                if (id is null)
                {
                    throw new InputFileException(path, $"row {row}: run_id is null");
                }

                if (id != runId)
                {
                    Close(row);

                    if (!seen.Add(id))
                    {
                        throw new InputFileException(path, $"row {row}: run_id '{id}' appears again after other runs; a file holds each run's rows together");
                    }

                    (runId, members, lastStep, firstRow, firstBatch, firstBatchRow) = (id, 0, -1, row, batchIndex, rows);
                }

                var m = member.GetValue(i) ?? -1;
                var s = step.GetValue(i) ?? -1;
                if (m < 0 || s < 0)
                {
                    throw new InputFileException(path, $"row {row}: member and step must be non-negative and not null");
                }

                members = Math.Max(members, m + 1);
                if (s < lastStep)
                {
                    throw new InputFileException(path, $"row {row}: step {s} after step {lastStep}; rows must be ordered by step");
                }

                lastStep = s;
            }

            rows += batch.Length;
            batch.Dispose();
        }

        if (rows == 0)
        {
            throw new InputFileException(path, "the trajectory has no rows");
        }

        Close(rows);
        return found;
    }

    /// <summary>Reads this run's rows as <c>trajectories/1</c> batches of <paramref name="run"/> (normalised: missing optional columns become NaN or null).</summary>
    public IEnumerable<SnapshotBatch> ReadSnapshots(RunInfo run, int rowsPerBatch = 4096)
    {
        var schema = TrajectoryTable.CreateSchema(run.Layout);
        var builder = new TrajectoryBatchBuilder(run, schema);
        long at = FirstBatchRow, end = FirstRow + Rows;
        foreach (var (batch, fileSchema) in ReadBatches(Path, FirstBatch))
        {
            using (batch)
            {
                var from = (int)Math.Clamp(FirstRow - at, 0, batch.Length);
                var to = (int)Math.Clamp(end - at, 0, batch.Length);
                at += batch.Length;
                if (from == to)
                {
                    if (at >= end)
                    {
                        break;
                    }

                    continue;
                }

                var member = (Int32Array)batch.Column(fileSchema.GetFieldIndex("member"));
                var step = (Int64Array)batch.Column(fileSchema.GetFieldIndex("step"));
                var loss = (DoubleArray)batch.Column(fileSchema.GetFieldIndex("loss"));
                var acc = Optional(batch, fileSchema, "accuracy");
                var testLoss = Optional(batch, fileSchema, "test_loss");
                var testAcc = Optional(batch, fileSchema, "test_accuracy");
                var weights = (FixedSizeListArray)batch.Column(fileSchema.GetFieldIndex("weights"));
                var values = (DoubleArray)weights.Values;
                for (var i = from; i < to; i++)
                {
                    var w = values.Values.Slice((weights.Offset + i) * ParameterCount, ParameterCount);
                    builder.Append(member.GetValue(i)!.Value, step.GetValue(i)!.Value, loss.GetValue(i) ?? double.NaN, acc?.GetValue(i) ?? double.NaN, w, testLoss?.GetValue(i), testAcc?.GetValue(i));
                    if (builder.Length == rowsPerBatch)
                    {
                        yield return new SnapshotBatch(run, builder.Build());
                    }
                }
            }

            if (at >= end)
            {
                break;
            }
        }

        if (builder.Length > 0)
        {
            yield return new SnapshotBatch(run, builder.Build());
        }
    }

    private static DoubleArray? Optional(RecordBatch batch, Schema schema, string name)
    {
        var i = schema.GetFieldIndex(name);
        return i >= 0 && batch.Column(i) is DoubleArray d ? d : null;
    }

    private static int CheckSchema(string path, Schema schema)
    {
        void Require(string name, string type)
        {
            var i = schema.GetFieldIndex(name);
            if (i < 0)
            {
                throw new InputFileException(path, $"missing column '{name}' ({type}); a trajectory needs run_id, member, step, loss, weights");
            }

            var actual = SchemaComparer.TypeName(schema.FieldsList[i].DataType);
            if (!actual.StartsWith(type, StringComparison.Ordinal))
            {
                throw new InputFileException(path, $"column '{name}' is {actual}, expected {type}");
            }
        }

        Require("run_id", "utf8");
        Require("member", "int32");
        Require("step", "int64");
        Require("loss", "float64");
        Require("weights", "fixed_size_list<float64>");
        foreach (var optional in new[] { "accuracy", "test_loss", "test_accuracy" })
        {
            var i = schema.GetFieldIndex(optional);
            if (i >= 0 && schema.FieldsList[i].DataType is not DoubleType)
            {
                throw new InputFileException(path, $"column '{optional}' is {SchemaComparer.TypeName(schema.FieldsList[i].DataType)}, expected float64");
            }
        }

        return ((FixedSizeListType)schema.FieldsList[schema.GetFieldIndex("weights")].DataType).ListSize;
    }

    private static IEnumerable<(RecordBatch Batch, Schema Schema)> ReadBatches(string path, int firstBatch = 0)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot read the file: {e.Message}");
        }

        using (stream)
        {
            ArrowFileReader reader;
            int count;
            try
            {
                reader = new ArrowFileReader(stream, (Apache.Arrow.Memory.MemoryAllocator?)null, new Apache.Arrow.Compression.CompressionCodecFactory(), leaveOpen: true);
                count = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not InputFileException)
            {
                throw new InputFileException(path, ArrowMagic.Problem(path) ?? $"not an Arrow IPC file ({e.Message})");
            }

            using (reader)
            {
                for (var i = firstBatch; i < count; i++)
                {
                    RecordBatch batch;
                    try
                    {
                        batch = reader.ReadRecordBatchAsync(i).AsTask().GetAwaiter().GetResult();
                    }
                    catch (Exception e)
                    {
                        throw new InputFileException(path, $"record batch {i} is unreadable ({e.Message})");
                    }

                    yield return (batch, reader.Schema);
                }
            }
        }
    }
}
