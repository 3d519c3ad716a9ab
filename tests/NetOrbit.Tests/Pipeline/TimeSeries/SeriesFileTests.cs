using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.TimeSeries;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Pipeline.TimeSeries;

public sealed class SeriesFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Csv(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_CsvWithoutColumn_AllColumnsOrFirstColumn()
    {
        var path = Csv("two.csv", "a,b\n1,2\n3,4\n5,6\n");
        var all = SeriesFile.Read(path, new SeriesSelection());
        Assert.Equal(2, all.Components);
        Assert.Equal(3, all.Length);
        Assert.Equal("a,b", all.Column);
        Assert.Equal([1, 2, 3, 4, 5, 6], all.Values);

        var first = SeriesFile.Read(path, new SeriesSelection { AllColumnsByDefault = false });
        Assert.Equal(1, first.Components);
        Assert.Equal("a", first.Column);
        Assert.Equal([1, 3, 5], first.Values);
    }

    [Fact]
    public void Read_GzipCsv_TheRepositoryRoesslerSeriesEqualsItsUncompressedTestCopy()
    {
        var gz = SeriesFile.Read(RepoPaths.File("samples", "data", "roessler_x.csv.gz"), new SeriesSelection());
        Assert.Equal(200_000, gz.Length);
        var head = SeriesFile.Read(RepoPaths.DataFile("roessler_x_2000.csv"), new SeriesSelection());
        Assert.Equal(2000, head.Length);
        Assert.Equal(head.Values, gz.Values[..2000]);
        Assert.Equal(2000, SeriesFile.Read(RepoPaths.File("samples", "data", "roessler_x.csv.gz"), new SeriesSelection { First = 2000 }).Length);
    }

    [Fact]
    public void Read_GzipNameButNotGzip_OneLineNamingTheFile()
    {
        var path = Csv("plain.csv.gz", "1\n2\n");
        var e = Assert.Throws<InputFileException>(() => SeriesFile.Read(path, new SeriesSelection()));
        Assert.StartsWith($"{path}: not a readable gzip file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "2")]
    [InlineData(0, "1")]
    public void Read_CsvWithoutHeader_ColumnNumberCountsFromFirstColumnNumber(int firstColumnNumber, string second)
    {
        var path = Csv("noheader.csv", "1,2\n3,4\n");
        var s = SeriesFile.Read(path, new SeriesSelection { Column = second, FirstColumnNumber = firstColumnNumber });
        Assert.Equal([2, 4], s.Values);
        Assert.Equal(second, s.Column);
    }

    [Fact]
    public void Read_CsvBadValueOrRaggedRow_OneLineNamingFileLineRowAndColumn()
    {
        var bad = Csv("bad.csv", "t,x\n0,1.5\n1,oops\n");
        var e = Assert.Throws<InputFileException>(() => SeriesFile.Read(bad, new SeriesSelection { Column = "x" }));
        Assert.Equal($"{bad} (line 3, row 1, column 'x'): 'oops' is not a number", e.Message);
        Assert.Equal((3, 1L, "x"), (e.Line!.Value, e.Row!.Value, e.Column!));

        var ragged = Csv("ragged.csv", "a,b\n1,2\n3\n");
        Assert.Equal($"{ragged} (line 3, row 1): expected 2 columns, found 1", Assert.Throws<InputFileException>(() => SeriesFile.Read(ragged, new SeriesSelection())).Message);
    }

    [Fact]
    public void Read_MissingFileColumnOrSamples_Throws()
    {
        Assert.Contains("no such file", Assert.Throws<InputFileException>(() => SeriesFile.Read(_dir.File("none.csv"), new SeriesSelection())).Message);
        var path = Csv("ok.csv", "a,b\n1,2\n3,4\n5,6\n");
        Assert.Contains("no column 'c'; columns: a, b", Assert.Throws<InputFileException>(() => SeriesFile.Read(path, new SeriesSelection { Column = "c" })).Message);
        Assert.Contains("--first 10 asks for more samples than the series holds (3)", Assert.Throws<InputFileException>(() => SeriesFile.Read(path, new SeriesSelection { First = 10 })).Message);
        Assert.Equal([1, 3], SeriesFile.Read(path, new SeriesSelection { Column = "a", First = 2 }).Values);
    }

    private string Trajectory(string name, string[] runs, bool int64Member)
    {
        // Two members, three steps per run; member 1's weights are its step plus 100.
        const int p = 2;
        var schema = new Schema(
            [
                new Field("run_id", StringType.Default, false),
                new Field("member", int64Member ? Int64Type.Default : Int32Type.Default, false),
                new Field("step", Int64Type.Default, false),
                new Field("weights", TrajectoryTable.WeightsType(p), false),
            ],
            null);
        var ids = new StringArray.Builder();
        var members32 = new Int32Array.Builder();
        var members64 = new Int64Array.Builder();
        var steps = new Int64Array.Builder();
        var w = new List<double>();
        for (int r = 0; r < runs.Length; r++)
        {
            for (int s = 0; s < 3; s++)
            {
                for (int m = 0; m < 2; m++)
                {
                    ids.Append(runs[r]);
                    members32.Append(m);
                    members64.Append(m);
                    steps.Append(s);
                    w.Add((10 * r) + s + (100 * m));
                    w.Add(-((10 * r) + s + (100 * m)));
                }
            }
        }

        var path = _dir.File(name);
        int rows = runs.Length * 6;
        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            IArrowArray member = int64Member ? members64.Build() : members32.Build();
            writer.WriteRecordBatch(new RecordBatch(schema, [ids.Build(), member, steps.Build(), TrajectoryTable.BuildWeights([.. w], p)], rows));
            writer.WriteEnd();
        }

        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_ArrowWeights_ReadsOneMemberAsVectorSeries(bool int64Member)
    {
        var path = Trajectory("traj.arrow", ["r"], int64Member);
        var s = SeriesFile.Read(path, new SeriesSelection { Member = 1 });
        Assert.Equal(("weights", 2, 3), (s.Column, s.Components, s.Length));
        Assert.Equal([100, -100, 101, -101, 102, -102], s.Values);
    }

    [Fact]
    public void Read_ArrowWithSeveralRuns_NeedsRun()
    {
        var path = Trajectory("runs.arrow", ["a", "b"], int64Member: false);
        Assert.Contains("holds 2 runs (a, b); choose one with --run", Assert.Throws<InputFileException>(() => SeriesFile.Read(path, new SeriesSelection())).Message);
        Assert.Equal([10, -10, 11, -11, 12, -12], SeriesFile.Read(path, new SeriesSelection { Run = "b" }).Values);
    }

    [Fact]
    public void Read_ArrowFileWithoutArrowExtension_IsRecognisedByItsMagic()
    {
        var path = Trajectory("traj.data", ["r"], int64Member: false);
        Assert.Equal([0, 0, 1, -1, 2, -2], SeriesFile.Read(path, new SeriesSelection()).Values);
    }

    [Fact]
    public void Read_ArrowSeveralNumericColumns_AllColumnsByDefaultAsksForColumn()
    {
        var schema = new Schema([new Field("x", DoubleType.Default, false), new Field("y", Int16Type.Default, false)], null);
        var path = _dir.File("xy.arrow");
        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(new RecordBatch(schema, [new DoubleArray.Builder().Append(1.5).Append(2.5).Build(), new Int16Array.Builder().Append(7).Append(8).Build()], 2));
            writer.WriteEnd();
        }

        Assert.Contains("several numeric columns, choose one with --column: x, y", Assert.Throws<InputFileException>(() => SeriesFile.Read(path, new SeriesSelection())).Message);
        Assert.Equal([1.5, 2.5], SeriesFile.Read(path, new SeriesSelection { AllColumnsByDefault = false }).Values);
        Assert.Equal([7, 8], SeriesFile.Read(path, new SeriesSelection { Column = "y" }).Values);
    }
}
