using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Contracts;
using NetOrbit.Lyapunov;
using NetOrbit.Tests.Lyapunov;
using Xunit;

namespace NetOrbit.Tests.Cli;

public sealed class LyapunovCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netorbit-lyapunov-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Out, string Err) Exec(LyapunovCommandOptions o)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = LyapunovCommand.Execute(o, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string LogisticCsv(bool header)
    {
        var s = SeriesEstimatorTests.Logistic(3000).Select(x => x.ToString("R", CultureInfo.InvariantCulture));
        return WriteCsv(header ? "logistic.csv" : "logistic-noheader.csv", header ? s.Prepend("x") : s);
    }

    [Theory]
    [InlineData("rosenstein", true)]
    [InlineData("kantz", true)]
    [InlineData("rosenstein", false)]
    public void Execute_LogisticCsvWithDefaults_Ln2Within0p07(string method, bool header)
    {
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = LogisticCsv(header), Method = method, Json = true });
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(Math.Log(2), doc.RootElement.GetProperty("exponent").GetDouble(), 0.07);
        Assert.Equal(3000, doc.RootElement.GetProperty("points").GetInt32());
        Assert.Equal(21, doc.RootElement.GetProperty("curve").GetArrayLength());
    }

    [Fact]
    public void Execute_First_UsesOnlyTheFirstSamples_AndTooManyIsAnError()
    {
        var csv = LogisticCsv(true);
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = csv, First = 1500, Json = true });
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1500, doc.RootElement.GetProperty("points").GetInt32());
        Assert.Equal(Math.Log(2), doc.RootElement.GetProperty("exponent").GetDouble(), 0.1);

        var tooMany = Exec(new LyapunovCommandOptions { Series = csv, First = 5000 });
        Assert.Equal(2, tooMany.Code);
        Assert.Contains("--first 5000 asks for more samples than the series holds (3000)", tooMany.Err);
        Assert.Single(tooMany.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Execute_TextOutput_StatesExponentAndCurve()
    {
        var (code, stdout, _) = Exec(new LyapunovCommandOptions { Series = LogisticCsv(true), Column = "x" });
        Assert.Equal(0, code);
        Assert.Contains("exponent: 0.6", stdout);
        Assert.Contains("n\tln_divergence\tpairs", stdout);
    }

    [Fact]
    public void Execute_BadValue_OneLineNamingFileRowAndColumn_Exit2()
    {
        var path = WriteCsv("bad.csv", ["t,x", "0,0.1", "1,0.2", "2,abc", "3,0.4"]);
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = path, Column = "x" });
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {path} (line 4, row 2, column 'x'): 'abc' is not a number", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("nope", "no column 'nope'")]
    [InlineData(null, "too short")]
    public void Execute_MissingColumnOrShortSeries_Exit2(string? column, string expected)
    {
        var path = WriteCsv("short.csv", ["x", "0.1", "0.2", "0.3"]);
        var (code, _, stderr) = Exec(new LyapunovCommandOptions { Series = path, Column = column });
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Execute_RaggedRowMissingFileBadMethodAndBadOption_Exit2()
    {
        Assert.Contains("(line 3, row 1): expected 2 columns, found 1", Exec(new LyapunovCommandOptions { Series = WriteCsv("ragged.csv", ["a,b", "1,2", "3"]) }).Err);
        Assert.Contains("no such file", Exec(new LyapunovCommandOptions { Series = Path.Combine(_dir, "missing.csv") }).Err);
        Assert.Equal(2, Exec(new LyapunovCommandOptions { Series = LogisticCsv(true), Method = "wolf" }).Code);
        var (code, _, err) = Exec(new LyapunovCommandOptions { Series = LogisticCsv(true), Dimension = 0 });
        Assert.Equal(2, code);
        Assert.Contains("--dim 0", err);
    }

    private async Task<string> TrajectoryFile(string[] runIds)
    {
        // A trajectories/1 file whose 2-parameter "network" follows the Henon map (member 0) and junk (member 1).
        var layout = ParameterLayout.ForLayers([1, 1]);
        var schema = TrajectoryTable.CreateSchema(layout);
        var path = Path.Combine(_dir, "trajectories.arrow");
        var batches = new List<RecordBatch>();
        foreach (var runId in runIds)
        {
            double x = 0.1, y = 0.1;
            for (var t = 0; t < 1000; t++)
            {
                (x, y) = (1 - 1.4 * x * x + y, 0.3 * x);
            }

            var ids = new StringArray.Builder();
            var members = new Int32Array.Builder();
            var steps = new Int64Array.Builder();
            var loss = new DoubleArray.Builder();
            var acc = new DoubleArray.Builder();
            var tl = new DoubleArray.Builder();
            var ta = new DoubleArray.Builder();
            var w = new List<double>();
            const int n = 3000;
            for (var t = 0; t < n; t++)
            {
                for (var m = 0; m < 2; m++)
                {
                    ids.Append(runId);
                    members.Append(m);
                    steps.Append(t);
                    loss.Append(m == 0 ? x : 0);
                    acc.Append(0);
                    tl.AppendNull();
                    ta.AppendNull();
                    w.Add(m == 0 ? x : 7);
                    w.Add(m == 0 ? y : 7);
                }

                (x, y) = (1 - 1.4 * x * x + y, 0.3 * x);
            }

            batches.Add(new RecordBatch(schema, [ids.Build(), members.Build(), steps.Build(), loss.Build(), acc.Build(), TrajectoryTable.BuildWeights(w.ToArray(), 2), tl.Build(), ta.Build()], 2 * n));
        }

        await ArrowTableFile.WriteAsync(path, schema, batches);
        return path;
    }

    [Fact]
    public async Task Execute_ArrowWeightsOfMember0_HenonVectorSeriesMaxNear0p42Within0p1()
    {
        var path = await TrajectoryFile(["run0"]);
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = path, Theiler = 5, MaxSteps = 15, FitStart = 1, FitEnd = 8, Json = true });
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("weights", doc.RootElement.GetProperty("column").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(3000, doc.RootElement.GetProperty("points").GetInt32());
        Assert.Equal(0.42, doc.RootElement.GetProperty("exponent").GetDouble(), 0.1);
    }

    [Fact]
    public async Task Execute_ArrowNumericColumnEmbedded_HenonMaxNear0p42Within0p1()
    {
        var path = await TrajectoryFile(["run0"]);
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = path, Column = "loss", Dimension = 2, Theiler = 5, MaxSteps = 15, FitStart = 1, FitEnd = 8, Json = true });
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0.42, doc.RootElement.GetProperty("exponent").GetDouble(), 0.1);
    }

    [Fact]
    public async Task Execute_ArrowWithSeveralRuns_NeedsRun()
    {
        var path = await TrajectoryFile(["a", "b"]);
        var (code, _, stderr) = Exec(new LyapunovCommandOptions { Series = path });
        Assert.Equal(2, code);
        Assert.Contains("choose one with --run", stderr);
        Assert.Equal(0, Exec(new LyapunovCommandOptions { Series = path, Run = "b", Theiler = 5, MaxSteps = 15, FitStart = 1, FitEnd = 8 }).Code);
    }

    [Fact]
    public void Execute_LossKantzAndAcf_ReportJson()
    {
        var tent = WriteCsv("tent.csv", SeriesEstimatorTests.Logistic(20_000).Select(TentMap.FromLogistic).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = tent, Method = "loss-kantz", Json = true });
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.True(doc.RootElement.GetProperty("significant").GetBoolean());
            Assert.Equal(Math.Log(2), doc.RootElement.GetProperty("exponent").GetDouble(), 0.1);
        }

        (code, stdout, stderr) = Exec(new LyapunovCommandOptions { Series = tent, Method = "acf", MaxSteps = 5, Json = true });
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal(6, doc.RootElement.GetProperty("lags").GetArrayLength());
        }
    }
}
