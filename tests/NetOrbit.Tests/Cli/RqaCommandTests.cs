using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;
using NetOrbit.Tests.Recurrence;
using Xunit;

namespace NetOrbit.Tests.Cli;

public sealed class RqaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netorbit-rqa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RoesslerFile =>
        RecurrenceTestData.RoesslerX2000Path;

    private static (int Code, string Out, string Err) Run(RqaCommandOptions options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RqaCommand.Execute(options, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Execute_RoesslerCsvJson_PrintsPublishedValues()
    {
        var (code, stdout, stderr) = Run(new RqaCommandOptions
        {
            Series = RoesslerFile, First = 946, Dimension = 3, Delay = 6, Threshold = 1.2, Theiler = 1, Lmin = 2, Json = true,
        });
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var m = doc.RootElement.GetProperty("measures");
        Assert.Equal(934, doc.RootElement.GetProperty("states").GetInt32());
        RecurrenceQuantifierTests.AssertClose(0.03385271429915702, m.GetProperty("RR").GetDouble(), 1e-12, "RR");
        RecurrenceQuantifierTests.AssertClose(0.9995254237288138, m.GetProperty("DET").GetDouble(), 1e-12, "DET");
        RecurrenceQuantifierTests.AssertClose(18.756997455470742, m.GetProperty("L").GetDouble(), 1e-12, "L");
        RecurrenceQuantifierTests.AssertClose(3.5331175320088297, m.GetProperty("ENTR").GetDouble(), 1e-12, "ENTR");
        RecurrenceQuantifierTests.AssertClose(0.9896271186440677, m.GetProperty("LAM").GetDouble(), 1e-12, "LAM");
        RecurrenceQuantifierTests.AssertClose(5.1937377690802355, m.GetProperty("TT").GetDouble(), 1e-12, "TT");
    }

    [Fact]
    public void Execute_RoesslerCsvText_PrintsRoundTripValues()
    {
        var (code, stdout, _) = Run(new RqaCommandOptions { Series = RoesslerFile, First = 200, Dimension = 3, Delay = 6, Threshold = 1.2 });
        Assert.Equal(0, code);
        var lines = stdout.Split('\n').Where(l => l.Length > 7).ToDictionary(l => l[..7].Trim(), l => l[7..]);
        RecurrenceQuantifierTests.AssertClose(0.04152918420753215, double.Parse(lines["RR"], CultureInfo.InvariantCulture), 1e-12, "RR");
        Assert.Equal("1", lines["DET"]);
        RecurrenceQuantifierTests.AssertClose(21.470588235294116, double.Parse(lines["L"], CultureInfo.InvariantCulture), 1e-12, "L");
    }

    [Fact]
    public void Execute_Windowed_GivesOneRowPerWindowWithTheGlobalThreshold()
    {
        var (code, stdout, stderr) = Run(new RqaCommandOptions
        {
            Series = RoesslerFile, First = 600, Dimension = 3, Delay = 6, RecurrenceRate = 0.05, Window = 200, Step = 100, Json = true,
        });
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var windows = doc.RootElement.GetProperty("windows");
        Assert.Equal(WindowedRqa.WindowCount(588, 200, 100), windows.GetArrayLength());
        Assert.Equal(300, windows[3].GetProperty("start").GetInt32());

        // Window 3 equals a plain analysis of states 300..499 at the global eps.
        double eps = doc.RootElement.GetProperty("epsilon").GetDouble();
        double[] points = DelayEmbedding.Embed(RecurrenceTestData.RoesslerX(600), 3, 6);
        var direct = RecurrenceQuantifier.Compute(points.AsSpan(300 * 3, 200 * 3), 3, new RqaOptions { Threshold = RecurrenceThreshold.Fixed(eps) });
        Assert.Equal(direct.RR, windows[3].GetProperty("measures").GetProperty("RR").GetDouble());
        Assert.Equal(direct.TT, windows[3].GetProperty("measures").GetProperty("TT").GetDouble());
    }

    [Fact]
    public void Execute_BadCsvValue_NamesFileLineAndColumn()
    {
        string path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "t,x\n0,1.5\n1,oops\n");
        var (code, stdout, stderr) = Run(new RqaCommandOptions { Series = path, Column = "x", Threshold = 1 });
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal($"error: {path} (line 3, row 1, column 'x'): 'oops' is not a number", stderr.TrimEnd());
    }

    [Fact]
    public void Execute_UnknownColumnAndBadOptions_ExitWithCode2()
    {
        string path = Path.Combine(_dir, "ok.csv");
        File.WriteAllText(path, "a,b\n1,2\n3,4\n5,6\n");
        var missing = Run(new RqaCommandOptions { Series = path, Column = "c" });
        Assert.Equal(2, missing.Code);
        Assert.Contains("no column 'c'; columns: a, b", missing.Err);
        Assert.Equal(2, Run(new RqaCommandOptions { Series = path, Metric = "cosine" }).Code);
        Assert.Equal(2, Run(new RqaCommandOptions { Series = path, Threshold = 1, RecurrenceRate = 0.1 }).Code);
        Assert.Equal(2, Run(new RqaCommandOptions { Series = path, Plot = "rp.png" }).Code);
        Assert.Equal(2, Run(new RqaCommandOptions { Series = Path.Combine(_dir, "none.csv") }).Code);
        var tooFew = Run(new RqaCommandOptions { Series = path, First = 10 });
        Assert.Equal(2, tooFew.Code);
        Assert.Contains("--first 10 asks for more samples than the series holds (3)", tooFew.Err);

        // Two columns with no --column form a 2-dimensional state.
        var both = Run(new RqaCommandOptions { Series = path, Threshold = 3, Json = true });
        Assert.Equal(0, both.Code);
        using var doc = JsonDocument.Parse(both.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("components").GetInt32());
    }

    [Fact]
    public void Execute_ArrowWeightsOfOneMember_MatchesDirectComputation()
    {
        int p = 5;
        int steps = 120;
        var rng = new Random(3);
        var w = new double[2 * steps * p];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = Math.Sin(i * 0.01) + 0.1 * rng.NextDouble();
        }

        // Rows by step then member (members 0 and 1 interleaved), as trajectories/1 stores them.
        string path = Path.Combine(_dir, "traj.arrow");
        var schema = new Schema(
            [new Field("member", Int32Type.Default, false), new Field("step", Int64Type.Default, false), new Field("weights", TrajectoryTable.WeightsType(p), false)],
            null);
        var member = new Int32Array.Builder();
        var step = new Int64Array.Builder();
        for (int s = 0; s < steps; s++)
        {
            member.Append(0).Append(1);
            step.Append(s).Append(s);
        }

        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(new RecordBatch(schema, [member.Build(), step.Build(), TrajectoryTable.BuildWeights(w, p)], 2 * steps));
            writer.WriteEnd();
        }

        var (code, stdout, stderr) = Run(new RqaCommandOptions { Series = path, Member = 1, Metric = "manhattan", RecurrenceRate = 0.1, Json = true });
        Assert.True(code == 0, stderr);
        var member1 = Enumerable.Range(0, steps).SelectMany(s => w.Skip((2 * s + 1) * p).Take(p)).ToArray();
        var direct = RecurrenceQuantifier.Compute(member1, p, new RqaOptions { Metric = DistanceMetric.Manhattan, Threshold = RecurrenceThreshold.RecurrenceRate(0.1) });
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(direct.Epsilon, doc.RootElement.GetProperty("epsilon").GetDouble());
        Assert.Equal(direct.DET, doc.RootElement.GetProperty("measures").GetProperty("DET").GetDouble());
        Assert.Equal(p, doc.RootElement.GetProperty("components").GetInt32());
    }

    [Fact]
    public void Execute_ArrowNullValue_NamesRowAndColumn()
    {
        string path = Path.Combine(_dir, "null.arrow");
        var schema = new Schema([new Field("x", DoubleType.Default, true)], null);
        var x = new DoubleArray.Builder().Append(1).Append(2).AppendNull().Append(4).Build();
        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(new RecordBatch(schema, [x], 4));
            writer.WriteEnd();
        }

        var (code, _, stderr) = Run(new RqaCommandOptions { Series = path, Threshold = 1 });
        Assert.Equal(2, code);
        Assert.Equal($"error: {path} (row 2, column 'x'): null value", stderr.TrimEnd());
    }
}
