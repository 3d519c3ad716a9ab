using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Data;
using NetOrbit.Datasets;
using Xunit;

namespace NetOrbit.Tests.Datasets;

public sealed class DatasetTableTests
{
    [Fact]
    public void Definition_Columns_RowFeaturesLabelClassSplit()
    {
        var d = DatasetTestKit.Load("""{"name":"iris","source":"iris"}""");

        var schema = DatasetTable.Definition(d, standardized: false).Schema;

        Assert.Equal(["row", "sepal_length", "sepal_width", "petal_length", "petal_width", "label", "class", "split"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["int32", "double", "double", "double", "double", "int32", "utf8", "utf8"], schema.FieldsList.Select(f => f.DataType.Name));
        Assert.Equal("datasets/1", schema.Metadata[ArrowMetadata.SchemaKey]);
        Assert.Equal("iris", schema.Metadata[DatasetTable.DatasetKey]);
        Assert.Equal("false", schema.Metadata[DatasetTable.StandardizedKey]);
        Assert.Equal("""["setosa","versicolor","virginica"]""", schema.Metadata[DatasetTable.ClassesKey]);
    }

    [Theory]
    [InlineData(ArrowCompression.None)]
    [InlineData(ArrowCompression.Zstd)]
    public async Task WriteThenRead_RoundTripsTheDatasetExactly(ArrowCompression compression)
    {
        using var dir = new ScratchDirectory();
        var d = DatasetTestKit.Load("""{"name":"moons","source":"moons","standardize":true,"test_fraction":0.3}""");
        var path = Path.Combine(dir.Path, DatasetTable.RelativePath(d.Name));

        await DatasetTable.WriteAsync(d, standardized: true, path, compression, CancellationToken.None);
        var back = DatasetTable.Read(path, out var standardized);

        Assert.True(standardized);
        AssertSame(d, back);
        Assert.Equal(["moons.arrow"], Directory.GetFiles(Path.Combine(dir.Path, "datasets")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteThenRead_ClassWithoutRows_KeepsTheClassList()
    {
        using var dir = new ScratchDirectory();
        var d = new Dataset("gap", ["x"], ["0", "1", "2"], [1.0, 2.0], [0, 2], [false, true]);
        var path = Path.Combine(dir.Path, "gap.arrow");

        await DatasetTable.WriteAsync(d, standardized: false, path);
        var back = DatasetTable.Read(path);

        AssertSame(d, back);
    }

    [Fact]
    public async Task WriteThenRead_NoRows_KeepsTheSchema()
    {
        using var dir = new ScratchDirectory();
        var d = new Dataset("empty", ["a", "b"], ["x"], [], [], []);
        var path = Path.Combine(dir.Path, "empty.arrow");

        await DatasetTable.WriteAsync(d, standardized: false, path);
        var back = DatasetTable.Read(path);

        AssertSame(d, back);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_LeavesNoFile()
    {
        using var dir = new ScratchDirectory();
        var d = DatasetTestKit.Load("""{"name":"iris","source":"iris"}""");
        var path = Path.Combine(dir.Path, "iris.arrow");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetTable.WriteAsync(d, false, path, ArrowCompression.None, new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Write_ColumnsAsTheNetworkSawThem()
    {
        using var dir = new ScratchDirectory();
        var d = DatasetTestKit.Load("""{"name":"iris","source":"iris","split_seed":9}""");
        var path = Path.Combine(dir.Path, "iris.arrow");

        await DatasetTable.WriteAsync(d, standardized: false, path);

        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        using var batch = await reader.ReadNextRecordBatchAsync();
        Assert.Equal(150, batch.Length);
        Assert.Equal(6.3, ((DoubleArray)batch.Column("sepal_length")).GetValue(100));
        Assert.Equal(2, ((Int32Array)batch.Column("label")).GetValue(100));
        Assert.Equal("virginica", ((StringArray)batch.Column("class")).GetString(100));
        Assert.Equal(d.IsTest[100] ? "test" : "train", ((StringArray)batch.Column("split")).GetString(100));
        Assert.Equal(30, Enumerable.Range(0, 150).Count(i => ((StringArray)batch.Column("split")).GetString(i) == "test"));
    }

    [Fact]
    public async Task Read_OtherTable_FailsWithOneLine()
    {
        using var dir = new ScratchDirectory();
        var path = Path.Combine(dir.Path, "other.arrow");
        var def = TableDefinition.Create("other", 1, [new Field("row", Apache.Arrow.Types.Int32Type.Default, false)]);
        using var empty = new RecordBatch(def.Schema, [new Int32Array.Builder().Build()], 0);
        await ArrowTableFile.WriteAsync(path, def.Schema, [empty]);

        var e = Assert.Throws<InputFileException>(() => DatasetTable.Read(path));

        Assert.Equal($"{path}: metadata netorbit.schema is 'other/1', expected 'datasets/1'", e.Message);
    }

    private static void AssertSame(Dataset expected, Dataset actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.FeatureNames, actual.FeatureNames);
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.IsTest, actual.IsTest);
    }
}
