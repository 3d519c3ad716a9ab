using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Cli;

namespace NetOrbit.Tests.Support;

/// <summary>
/// Run directories in tests: the real command line (in process or as a child process), and a
/// table-by-table comparison of two run directories (every .arrow file, every value bit for bit,
/// the row order included; wall-clock columns skipped).
/// </summary>
internal static class RunDirectories
{
    /// <summary>Runs <c>netorbit ARGS</c> in this process.</summary>
    public static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.BuildRoot(stdout, stderr).Parse(args).InvokeAsync();
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts <c>dotnet netorbit.dll ARGS</c> as a child process with its output redirected.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netorbit.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        return Process.Start(start)!;
    }

    /// <summary>The .arrow files of a run directory, relative, sorted (the work folder .parts left out).</summary>
    public static List<string> ArrowFiles(string dir) =>
        [.. Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".parts/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>Asserts both directories hold the same tables with the same rows in the same order.</summary>
    public static void AssertSameTables(string expected, string actual)
    {
        var a = ArrowFiles(expected);
        var b = ArrowFiles(actual);
        Assert.Equal(a, b);
        Assert.NotEmpty(a);
        foreach (var f in a)
        {
            var x = Rows(Path.Combine(expected, f));
            var y = Rows(Path.Combine(actual, f));
            Assert.True(x.Schema == y.Schema, $"{f}: schema {y.Schema} differs from {x.Schema}");
            Assert.True(x.Rows.Count == y.Rows.Count, $"{f}: {y.Rows.Count} rows, expected {x.Rows.Count}");
            for (var i = 0; i < x.Rows.Count; i++)
            {
                Assert.True(x.Rows[i] == y.Rows[i], $"{f}: row {i} is\n  {y.Rows[i]}\nexpected\n  {x.Rows[i]}");
            }
        }
    }

    /// <summary>Asserts every .arrow file under <paramref name="dir"/> is a complete Arrow IPC file (footer included).</summary>
    public static void AssertAllComplete(string dir)
    {
        foreach (var f in Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories))
        {
            try
            {
                _ = Rows(f);
            }
            catch (Exception e)
            {
                Assert.Fail($"{f} is not a complete Arrow file: {e.Message}");
            }
        }
    }

    /// <summary>The schema (names and types) and every row of a table as text, float64 as bits; wall_seconds left out.</summary>
    public static (string Schema, List<string> Rows) Rows(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream, new Apache.Arrow.Compression.CompressionCodecFactory());
        var schema = string.Join(", ", reader.Schema.FieldsList.Select(f => $"{f.Name}:{f.DataType.Name}"));
        var rows = new List<string>();
        var count = reader.RecordBatchCountAsync().Result;
        for (var k = 0; k < count; k++)
        {
            using var batch = reader.ReadRecordBatchAsync(k).Result;
            for (var r = 0; r < batch.Length; r++)
            {
                var cells = new List<string>();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    if (batch.Schema.FieldsList[c].Name == "wall_seconds")
                    {
                        continue;
                    }

                    cells.Add(Cell(batch.Column(c), r));
                }

                rows.Add(string.Join(" | ", cells));
            }
        }

        return (schema, rows);
    }

    private static string Cell(IArrowArray array, int i)
    {
        if (array.IsNull(i))
        {
            return "null";
        }

        return array switch
        {
            DoubleArray a => "f" + BitConverter.DoubleToInt64Bits(a.GetValue(i)!.Value).ToString("x16", CultureInfo.InvariantCulture),
            FloatArray a => "f" + BitConverter.SingleToInt32Bits(a.GetValue(i)!.Value).ToString("x8", CultureInfo.InvariantCulture),
            Int64Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int32Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int16Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            Int8Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt8Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            BooleanArray a => a.GetValue(i)!.Value ? "true" : "false",
            StringArray a => "\"" + a.GetString(i) + "\"",
            BinaryArray a => Convert.ToHexString(a.GetBytes(i)),
            FixedSizeListArray a => "[" + string.Join(",", Enumerable.Range(0, ((Apache.Arrow.Types.FixedSizeListType)a.Data.DataType).ListSize).Select(j => Cell(a.Values, (a.Offset + i) * ((Apache.Arrow.Types.FixedSizeListType)a.Data.DataType).ListSize + j))) + "]",
            ListArray a => "[" + string.Join(",", Enumerable.Range(a.ValueOffsets[i], a.ValueOffsets[i + 1] - a.ValueOffsets[i]).Select(j => Cell(a.Values, j))) + "]",
            _ => throw new NotSupportedException($"column type {array.Data.DataType.Name}"),
        };
    }
}
