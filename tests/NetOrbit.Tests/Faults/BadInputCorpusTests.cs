using System.Buffers.Binary;
using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Faults;

/// <summary>
/// A corpus of malformed inputs run through the real command line (a child process each):
/// configurations, CSV datasets, IDX files, Arrow trajectories, CSV series, stage option files,
/// shard, merge and resume mismatches. Every one must end with exit code 2 and one line on stderr
/// that names the file and the problem, with no stack trace, and leave nothing that looks complete.
/// </summary>
public sealed class BadInputCorpusTests : IClassFixture<BadInputCorpusTests.GoodRun>
{
    private readonly GoodRun _good;

    public BadInputCorpusTests(GoodRun good) => _good = good;

    /// <summary>A small complete run directory (and its trajectories) the Arrow cases start from.</summary>
    public sealed class GoodRun : IDisposable
    {
        private readonly TempDir _tmp = new();

        public GoodRun()
        {
            Config = _tmp.File("good.json");
            File.WriteAllText(Config, Good);
            Directory = _tmp.File("good");
            var (code, _, err) = RunDirectories.Cli("run", Config, "--out", Directory, "--quiet").GetAwaiter().GetResult();
            Assert.True(code == 0, err);
        }

        public string Config { get; }

        public string Directory { get; }

        public string Trajectory => System.IO.Directory.GetFiles(Path.Combine(Directory, "trajectories")).Order(StringComparer.Ordinal).First();

        public void Dispose() => _tmp.Dispose();
    }

    private const string Good = """
        { "name": "good", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [1, 2],
          "initial_conditions": { "count": 2 }, "perturbations": { "copies": 1, "epsilons": [1e-6] }, "steps": 30,
          "recording": { "every": 1 } }
        """;

    private static string Config(string body) => "{ \"name\": \"bad\", \"datasets\": [ { \"name\": \"iris\", \"source\": \"iris\" } ], \"learning_rates\": [1], \"steps\": 10" + body + " }";

    /// <summary>A folder with a study manifest (what netorbit run of a study leaves) and no run directory of its own.</summary>
    private static string FakeStudyDirectory(string d)
    {
        var dir = Path.Combine(d, "study");
        Directory.CreateDirectory(Path.Combine(dir, "edge"));
        File.WriteAllText(Path.Combine(dir, "study.json"), "{ \"format\": \"netorbit-study/1\", \"parts\": [ { \"name\": \"edge\" } ] }");
        return dir;
    }

    private static string StudyConfig(string body) => "{ \"name\": \"s\", \"defaults\": { \"datasets\": [ { \"name\": \"iris\", \"source\": \"iris\" } ], \"steps\": 10 }, "
        + "\"parts\": [ { \"name\": \"a\", \"learning_rates\": [1] }, { \"name\": \"b\", \"learning_rates\": [5], \"steps\": 20 } ], "
        + "\"presets\": { \"quick\": { \"a\": { \"steps\": 5 } } }" + body + " }";

    private static string DataConfig(string dataset) => "{ \"name\": \"bad\", \"datasets\": [ " + dataset + " ], \"learning_rates\": [1], \"steps\": 10 }";

    /// <summary>Case name -> (files to write, command line, the file the message must name, what it must say).</summary>
    public static TheoryData<string> Cases => [.. CaseTable.Keys];

    private static readonly Dictionary<string, (Func<string, BadInputCorpusTests, string[]> Setup, string File, string Problem)> CaseTable = new()
    {
        // Configurations.
        ["config: missing file"] = ((d, _) => ["run", Path.Combine(d, "nope.json"), "--out", Out(d)], "nope.json", "Could not find"),
        ["config: empty file"] = ((d, _) => Run(d, "c.json", ""), "c.json", "not valid JSON"),
        ["config: not JSON"] = ((d, _) => Run(d, "c.json", "{ name: "), "c.json", "not valid JSON"),
        ["config: random bytes"] = ((d, _) => RunBytes(d, "c.json", RandomBytes(300, 1)), "c.json", "not valid JSON"),
        ["config: a list"] = ((d, _) => Run(d, "c.json", "[]"), "c.json", "expected an object"),
        ["config: wrong type"] = ((d, _) => Run(d, "c.json", Config(", \"initial_conditions\": { \"count\": \"five\" }")), "c.json", "count"),
        ["config: fractional steps"] = ((d, _) => Run(d, "c.json", Config(", \"recording\": { \"every\": 1.5 }")), "c.json", "expected an integer"),
        ["config: out of range"] = ((d, _) => Run(d, "c.json", Config(", \"initial_conditions\": { \"count\": 0 }")), "c.json", "out of range"),
        ["config: negative learning rate"] = ((d, _) => Run(d, "c.json", Config("").Replace("[1]", "[-1]")), "c.json", "learning_rates"),
        ["config: name escapes runs/"] = ((d, _) => ["run", Write(d, "c.json", System.Text.Encoding.UTF8.GetBytes(Config("").Replace("\"name\": \"bad\"", "\"name\": \"..\""))), "--quiet"], "c.json", "not only dots"),
        ["config: unknown key"] = ((d, _) => Run(d, "c.json", Config(", \"stepz\": 3")), "c.json", "unknown key"),
        ["config: duplicate key"] = ((d, _) => Run(d, "c.json", Config(", \"steps\": 5")), "c.json", "Duplicate property 'steps'"),
        ["config: empty grid"] = ((d, _) => Run(d, "c.json", Config("").Replace("[1]", "[]")), "c.json", "at least one learning rate"),
        ["config: huge grid"] = ((d, _) => Run(d, "c.json", Config(", \"initial_conditions\": { \"count\": 1000000 }, \"perturbations\": { \"copies\": 1, \"epsilons\": [0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 0.0000001, 0.00000001, 0.000000001, 0.0000000001, 0.00000000001] }")), "c.json", "at most 10000000"),
        ["config: unknown stage"] = ((d, _) => Run(d, "c.json", Config(", \"stages\": { \"nope\": {} }")), "c.json", "unknown stage 'nope'"),
        ["config: bad stage option"] = ((d, _) => Run(d, "c.json", Config(", \"stages\": { \"lyapunov\": { \"record_every\": -1 } }")), "c.json", "record_every"),
        ["config: unknown dataset source"] = ((d, _) => Run(d, "c.json", DataConfig("{ \"name\": \"x\", \"source\": \"irsi\" }")), "c.json", "irsi"),

        // Studies (configurations with parts) and presets.
        ["study: unknown key"] = ((d, _) => Run(d, "s.json", StudyConfig(", \"stepz\": 3")), "s.json", "unknown key in a study"),
        ["study: two parts with one name"] = ((d, _) => Run(d, "s.json", StudyConfig("").Replace("\"name\": \"b\"", "\"name\": \"a\"")), "s.json", "used twice"),
        ["study: a bad part"] = ((d, _) => Run(d, "s.json", StudyConfig("").Replace("\"steps\": 20", "\"steps\": -20")), "s.json (part 'b')", "steps"),
        ["study: unknown preset"] = ((d, _) => [.. Run(d, "s.json", StudyConfig("")), "--preset", "fast"], "s.json", "no preset 'fast' (it has quick)"),
        ["study: preset for a missing part"] = ((d, _) => [.. Run(d, "s.json", StudyConfig("").Replace("\"quick\": { \"a\"", "\"quick\": { \"z\"")), "--preset", "quick"], "s.json", "no part named 'z'"),
        ["study: --shard"] = ((d, _) => [.. Run(d, "s.json", StudyConfig("")), "--shard", "0/2"], "s.json", "shard one part with --part NAME --shard I/N (its parts: a, b)"),
        ["study: --part that is not there"] = ((d, _) => [.. Run(d, "s.json", StudyConfig("")), "--part", "c"], "s.json", "--part c: no such part; the study's parts are a, b"),
        ["study: a study directory given to analyze"] = ((d, _) => ["analyze", FakeStudyDirectory(d), "--stage", "recurrence", "--out", Out(d)], "study", "is a study directory (study.json"),
        ["study: a study directory given to merge"] = ((d, _) => ["merge", FakeStudyDirectory(d), "--out", Out(d)], "study", "is a study directory (study.json"),
        ["config: --preset on an experiment"] = ((d, _) => [.. Run(d, "c.json", Config("")), "--preset", "quick"], "c.json", "presets belong to studies"),

        // CSV datasets.
        ["csv: text in a feature"] = ((d, _) => CsvRun(d, "a,b,y\n1,2,p\nabc,3,q\n"), "data.csv", "'abc' is not a number"),
        ["csv: ragged row"] = ((d, _) => CsvRun(d, "a,b,y\n1,2,p\n3,q\n"), "data.csv", "expected 3 fields"),
        ["csv: gap"] = ((d, _) => CsvRun(d, "a,b,y\n1,,p\n2,3,q\n"), "data.csv", "empty value"),
        ["csv: header only"] = ((d, _) => CsvRun(d, "a,b,y\n"), "data.csv", "no data rows"),
        ["csv: no label column"] = ((d, _) => CsvRun(d, "a,b,c\n1,2,3\n"), "data.csv", "label column 'y' is missing"),
        ["csv: missing file"] = ((d, _) => Run(d, "c.json", DataConfig("{ \"name\": \"x\", \"source\": \"csv\", \"path\": \"gone.csv\", \"label\": \"y\" }")), "gone.csv", "not found"),

        // IDX files.
        ["idx: wrong magic"] = ((d, _) => IdxRun(d, Idx(0x0804, 2, 2, 2, 8), Labels(2, 2)), "img.idx", "wrong IDX magic"),
        ["idx: truncated"] = ((d, _) => IdxRun(d, Idx(0x0803, 5, 2, 2, 8), Labels(2, 2)), "img.idx", "truncated"),
        ["idx: label count"] = ((d, _) => IdxRun(d, Idx(0x0803, 2, 2, 2, 8), Labels(3, 3)), "lab.idx", "label count mismatch"),
        ["idx: header cut"] = ((d, _) => IdxRun(d, Idx(0x0803, 2, 2, 2, 8)[..10], Labels(2, 2)), "img.idx", "the header needs 16 bytes"),

        // Arrow trajectories (analyze).
        ["arrow: truncated"] = ((d, t) => Analyze(d, "t.arrow", File.ReadAllBytes(t._good.Trajectory)[..(int)(new FileInfo(t._good.Trajectory).Length / 2)]), "t.arrow", "truncated Arrow IPC file"),
        ["arrow: random bytes"] = ((d, _) => Analyze(d, "t.arrow", RandomBytes(5000, 2)), "t.arrow", "not an Arrow IPC file"),
        ["arrow: empty file"] = ((d, _) => Analyze(d, "t.arrow", []), "t.arrow", "the file is empty"),
        ["arrow: wrong schema"] = ((d, t) => Analyze(d, "t.arrow", File.ReadAllBytes(Path.Combine(t._good.Directory, "runs.arrow"))), "t.arrow", "missing column 'member'"),
        ["arrow: wrong weight length"] = ((d, t) => Analyze(d, "t.arrow", WrongWeightLength(t._good.Trajectory)), "t.arrow", "weights hold"),
        ["arrow: zero rows"] = ((d, t) => Analyze(d, "t.arrow", ZeroRows(t._good.Trajectory)), "t.arrow", "no rows"),
        ["arrow: stream instead of file"] = ((d, t) => Analyze(d, "t.arrow", AsStream(t._good.Trajectory)), "t.arrow", "an Arrow IPC stream, not an Arrow IPC file"),
        ["arrow: series from random bytes"] = ((d, _) => Series(d, "lyapunov", "s.arrow", RandomBytes(2000, 3)), "s.arrow", "does not start with the ARROW1 magic"),

        // CSV series (lyapunov, rqa).
        ["series: text"] = ((d, _) => Series(d, "lyapunov", "s.csv", "x\nabc\ndef\n"u8.ToArray()), "s.csv", "'abc' is not a number"),
        ["series: ragged"] = ((d, _) => Series(d, "rqa", "s.csv", "x,y\n1,2\n3\n4,5\n"u8.ToArray()), "s.csv", "expected 2 columns"),
        ["series: one row"] = ((d, _) => Series(d, "lyapunov", "s.csv", "x\n1\n"u8.ToArray()), "s.csv", "too short"),
        ["series: empty"] = ((d, _) => Series(d, "rqa", "s.csv", []), "s.csv", "no data rows"),
        ["series: not finite"] = ((d, _) => Series(d, "lyapunov", "s.csv", "x\n1\nnan\n3\n"u8.ToArray()), "s.csv", "not a finite number"),

        // Stage options of analyze.
        ["analyze: stages file not JSON"] = ((d, t) => ["analyze", t._good.Directory, "--stages", Write(d, "st.json", "{ \"recurrence\": "u8.ToArray()), "--out", Out(d)], "st.json", "JSON"),

        // Shards, merge and resume.
        ["shard: index past the count"] = ((d, t) => ["run", t._good.Config, "--shard", "3/3", "--out", Out(d)], "--shard", "the index must be 0 .. N-1"),
        ["resume: other configuration"] = ((d, t) => ["run", Write(d, "c.json", System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"steps\": 30", "\"steps\": 31"))), "--out", Copy(t._good.Directory, Out(d)), "--resume"], "manifest.json", "cannot be resumed with this configuration"),
        ["resume: not a run directory"] = ((d, t) => ["run", t._good.Config, "--out", Write(Out(d), "notes.txt", "x"u8.ToArray()) is var _ ? Out(d) : "", "--resume"], "out", "not a NetOrbit run directory"),
        ["merge: missing shard"] = ((d, t) => ["merge", Shard(t, d, 0, 2), "--out", Path.Combine(d, "merged")], "shard0", "shard 1/2 missing"),
        ["merge: corrupt shard table"] = ((d, t) => ["merge", Shard(t, d, 0, 2), Cut(Shard(t, d, 1, 2), "runs.arrow"), "--out", Path.Combine(d, "merged")], "runs.arrow", "truncated Arrow IPC file"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_ExitCode2_OneLineNamingFileAndProblem_NoStackTrace(string name)
    {
        using var tmp = new TempDir();
        var (setup, file, problem) = CaseTable[name];
        var args = setup(tmp.Path, this);
        using var process = RunDirectories.Start(args);
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;

        Assert.True(process.ExitCode == 2, $"{name}: exit code {process.ExitCode}\n{stderr}");
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"{name}: {lines.Length} lines on stderr:\n{stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(file, lines[0]);
        Assert.Contains(problem, lines[0]);
        Assert.DoesNotContain("   at ", stderr + stdout);
        Assert.DoesNotContain("Exception", lines[0].Replace("InputFileException", ""));

        // Nothing that looks complete: no finished run directory or stage table under --out.
        var outDir = Out(tmp.Path);
        if (Directory.Exists(outDir) && !name.StartsWith("resume:", StringComparison.Ordinal))
        {
            Assert.False(File.Exists(Path.Combine(outDir, "runs.arrow")), $"{name}: runs.arrow was written");
            Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
        }

        Assert.False(File.Exists(Path.Combine(tmp.Path, "merged", "manifest.json")), $"{name}: a merged manifest was written");
    }

    [Fact]
    public void Corpus_HasAtLeast30Cases() => Assert.True(CaseTable.Count >= 30, $"{CaseTable.Count} cases");

    private static string Out(string d) => Path.Combine(d, "out");

    private static string Write(string d, string name, byte[] bytes)
    {
        Directory.CreateDirectory(d);
        var path = Path.Combine(d, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string[] Run(string d, string name, string json) => ["run", Write(d, name, System.Text.Encoding.UTF8.GetBytes(json)), "--out", Out(d), "--quiet"];

    private static string[] RunBytes(string d, string name, byte[] bytes) => ["run", Write(d, name, bytes), "--out", Out(d), "--quiet"];

    private static string[] CsvRun(string d, string csv)
    {
        Write(d, "data.csv", System.Text.Encoding.UTF8.GetBytes(csv));
        return Run(d, "c.json", DataConfig("{ \"name\": \"x\", \"source\": \"csv\", \"path\": \"data.csv\", \"label\": \"y\" }"));
    }

    private static string[] IdxRun(string d, byte[] images, byte[] labels)
    {
        Write(d, "img.idx", images);
        Write(d, "lab.idx", labels);
        return Run(d, "c.json", DataConfig("{ \"name\": \"x\", \"source\": \"idx\", \"images\": \"img.idx\", \"labels\": \"lab.idx\" }"));
    }

    private static string[] Analyze(string d, string name, byte[] bytes) => ["analyze", Write(d, name, bytes), "--stage", "recurrence", "--out", Out(d)];

    private static string[] Series(string d, string command, string name, byte[] bytes) => [command, Write(d, name, bytes)];

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Idx(int magic, int declared, int rows, int cols, int pixels)
    {
        var bytes = new byte[16 + pixels];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declared);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        return bytes;
    }

    private static byte[] Labels(int declared, int count)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declared);
        return bytes;
    }

    private static string Copy(string from, string to)
    {
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }

        return to;
    }

    private static string Shard(BadInputCorpusTests t, string d, int i, int n)
    {
        var dir = Path.Combine(d, $"shard{i}");
        var (code, _, err) = RunDirectories.Cli("run", t._good.Config, "--shard", $"{i}/{n}", "--out", dir, "--quiet").GetAwaiter().GetResult();
        Assert.True(code == 0, err);
        return dir;
    }

    private static string Cut(string dir, string table)
    {
        var path = Path.Combine(dir, table);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return dir;
    }

    private static (Schema Schema, List<RecordBatch> Batches) Read(string path)
    {
        var (schema, batches) = ArrowRead.File(path);
        return (schema, batches);
    }

    private static byte[] WriteFile(Schema schema, IEnumerable<RecordBatch> batches)
    {
        using var ms = new MemoryStream();
        using (var writer = new ArrowFileWriter(ms, schema, leaveOpen: true))
        {
            writer.WriteStart();
            foreach (var b in batches)
            {
                writer.WriteRecordBatch(b);
            }

            writer.WriteEnd();
        }

        return ms.ToArray();
    }

    private static byte[] ZeroRows(string trajectory) => WriteFile(Read(trajectory).Schema, []);

    private static byte[] AsStream(string trajectory)
    {
        var (schema, batches) = Read(trajectory);
        using var ms = new MemoryStream();
        using (var writer = new ArrowStreamWriter(ms, schema, leaveOpen: true))
        {
            foreach (var b in batches)
            {
                writer.WriteRecordBatch(b);
            }

            writer.WriteEnd();
        }

        return ms.ToArray();
    }

    // The layout metadata says P parameters; the weights column holds P - 1.
    private static byte[] WrongWeightLength(string trajectory)
    {
        var (schema, batches) = Read(trajectory);
        var wi = schema.GetFieldIndex("weights");
        var p = ((Apache.Arrow.Types.FixedSizeListType)schema.FieldsList[wi].DataType).ListSize;
        var fields = schema.FieldsList.Select((f, i) => i == wi ? new Field("weights", TrajectoryTable.WeightsType(p - 1), false) : f).ToList();
        var shorter = new Schema(fields, schema.Metadata);
        var cut = batches.Select(b =>
        {
            var w = ArrowRead.Vectors(trajectory, "weights");
            var columns = Enumerable.Range(0, b.ColumnCount).Select(c => c == wi
                ? (IArrowArray)TrajectoryTable.BuildWeights(Enumerable.Range(0, b.Length).SelectMany(r => ((FixedSizeListArray)b.Column(wi)).Values is DoubleArray v ? v.Values.Slice(r * p, p - 1).ToArray() : []).ToArray(), p - 1)
                : b.Column(c)).ToList();
            return new RecordBatch(shorter, columns, b.Length);
        }).ToList();
        return WriteFile(shorter, cut);
    }
}
