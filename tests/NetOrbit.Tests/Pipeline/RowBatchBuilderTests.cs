using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using Xunit;

namespace NetOrbit.Tests.Pipeline;

public sealed class RowBatchBuilderTests
{
    private static readonly TableDefinition Table = TableDefinition.Create(
        "test/rows",
        1,
        [
            new Field("id", StringType.Default, false),
            new Field("n", Int32Type.Default, true),
            new Field("t", Int64Type.Default, false),
            new Field("x", DoubleType.Default, true),
            new Field("b", BooleanType.Default, false),
            new Field("l", new ListType(DoubleType.Default), true),
        ]);

    [Fact]
    public void Build_ReusedWriter_KeepsValuesAndNullsOfEachBatch()
    {
        var rows = new RowBatchBuilder(Table);
        rows.Text("a").Int(1).Long(10).Real(0.5).Bool(true).Reals([1, 2]).EndRow();
        rows.Text("bc").Int(2).Long(20).Real(1.5).Bool(false).Reals([]).EndRow();
        var first = rows.Build();
        Assert.Equal(2, first.Length);
        Assert.Equal(0, first.Column("x").NullCount);

        // Second batch: nulls appear only now; 9 rows cross a validity byte boundary.
        for (var i = 0; i < 9; i++)
        {
            var r = rows.Text($"r{i}").Int(i % 3 == 0 ? null : i).Long(i).Real(i % 2 == 0 ? null : i).Bool(i % 2 == 0);
            (i == 4 ? r.NullReals() : r.Reals([i, i + 0.5])).EndRow();
        }

        var second = rows.Build();
        Assert.Equal(0, rows.Count);

        // The first batch is untouched by the writer's reuse.
        Assert.Equal("bc", ((StringArray)first.Column("id")).GetString(1));
        Assert.Equal([1.0, 2.0], ((DoubleArray)((ListArray)first.Column("l")).GetSlicedValues(0)).ToArray().Select(v => v!.Value));
        Assert.True(((BooleanArray)first.Column("b")).GetValue(0));

        var n = (Int32Array)second.Column("n");
        var x = (DoubleArray)second.Column("x");
        var b = (BooleanArray)second.Column("b");
        var l = (ListArray)second.Column("l");
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal($"r{i}", ((StringArray)second.Column("id")).GetString(i));
            Assert.Equal(i % 3 == 0 ? null : i, n.GetValue(i));
            Assert.Equal(i % 2 == 0 ? null : i, x.GetValue(i));
            Assert.Equal(i % 2 == 0, b.GetValue(i));
            Assert.Equal((long)i, ((Int64Array)second.Column("t")).GetValue(i));
            Assert.Equal(i == 4, l.IsNull(i));
            if (i != 4)
            {
                Assert.Equal([i, i + 0.5], ((DoubleArray)l.GetSlicedValues(i)).ToArray().Select(v => v!.Value));
            }
        }

        Assert.Equal(3, n.NullCount);
        Assert.Equal(5, x.NullCount);
        Assert.Equal(1, l.NullCount);
    }

    [Fact]
    public void Build_RunIdAndNullsPastInitialCapacity_FillsEveryRow()
    {
        // Capacity 3 for 40 rows: every column grows; nulls straddle validity bytes (0, 7, 8, 9, 31, 39).
        var rows = new RowBatchBuilder(Table, 3, "run_7");
        int[] nullRows = [0, 7, 8, 9, 31, 39];
        for (var i = 0; i < 40; i++)
        {
            var isNull = nullRows.Contains(i);
            var r = rows.Int(isNull ? null : i).Long(i).Real(isNull ? null : 0.5 * i).Bool(i % 3 == 0);
            (i % 5 == 0 ? r.NullReals() : r.Reals([i])).EndRow();
        }

        var batch = rows.Build();
        var id = (StringArray)batch.Column("id");
        var n = (Int32Array)batch.Column("n");
        var x = (DoubleArray)batch.Column("x");
        var l = (ListArray)batch.Column("l");
        Assert.Equal(40, batch.Length);
        for (var i = 0; i < 40; i++)
        {
            var isNull = nullRows.Contains(i);
            Assert.Equal("run_7", id.GetString(i));
            Assert.Equal(isNull ? null : i, n.GetValue(i));
            Assert.Equal(isNull ? null : 0.5 * i, x.GetValue(i));
            Assert.Equal((long)i, ((Int64Array)batch.Column("t")).GetValue(i));
            Assert.Equal(i % 3 == 0, ((BooleanArray)batch.Column("b")).GetValue(i));
            Assert.Equal(i % 5 == 0, l.IsNull(i));
        }

        Assert.Equal(nullRows.Length, n.NullCount);
        Assert.Equal(nullRows.Length, x.NullCount);
        Assert.Equal(8, l.NullCount);

        // The writer starts over empty, without nulls left from the first batch.
        rows.Int(1).Long(1).Real(1).Bool(true).Reals([]).EndRow();
        var second = rows.Build();
        Assert.Equal(0, second.Column("n").NullCount);
        Assert.Equal("run_7", ((StringArray)second.Column("id")).GetString(0));
        Assert.Equal(1, ((Int32Array)batch.Column("n")).GetValue(1)); // the first batch kept its arrays
    }

    private static readonly TableDefinition ListTable = TableDefinition.Create(
        "test/lists",
        1,
        [
            new Field("run_id", StringType.Default, false),
            new Field("member", Int32Type.Default, false),
            new Field("x", new ListType(DoubleType.Default), true),
        ]);

    [Fact]
    public void Reals_ListsAndNullLists_KeepOffsetsPastPresizedValues()
    {
        // Room for 2 rows and 3 list values: the fourth row's values grow the column.
        var rows = new RowBatchBuilder(ListTable, 2, "r", listValues: 3);
        rows.Int(1).Reals([1.0, 2.0]).EndRow();
        rows.Int(2).NullReals().EndRow();
        rows.Int(3).Reals([]).EndRow();
        rows.Int(4).Reals([3.0, 4.0, 5.0]).EndRow();
        Assert.Equal(5, rows.ListValues);
        var batch = rows.Build();

        var lists = (ListArray)batch.Column("x");
        Assert.Equal(4, batch.Length);
        Assert.Equal(1, lists.NullCount);
        Assert.True(lists.IsNull(1));
        Assert.Equal([0, 2, 2, 2, 5], lists.ValueOffsets.ToArray());
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], ((DoubleArray)lists.Values).Values.ToArray());
        Assert.Equal(0, rows.ListValues); // empty and reusable
    }

    [Fact]
    public void Constructor_RunIdWithoutStringFirstColumn_Throws()
    {
        var table = TableDefinition.Create("test/ints", 1, [new Field("n", Int32Type.Default, false)]);
        Assert.Throws<ArgumentException>(() => new RowBatchBuilder(table, 0, "r"));
    }

    [Fact]
    public void EndRow_MissingColumn_Throws()
    {
        var rows = new RowBatchBuilder(Table);
        rows.Text("a").Int(1);
        Assert.Throws<InvalidOperationException>(rows.EndRow);
    }

    [Fact]
    public void Append_WrongType_Throws()
    {
        var rows = new RowBatchBuilder(Table);
        Assert.Throws<InvalidOperationException>(() => rows.Int(1));
    }

    private static readonly TableDefinition AllKinds = TableDefinition.Create(
        "test/kinds",
        3,
        [
            TableFields.Utf8("run_id"),
            TableFields.Int32("i"),
            TableFields.Int32("i_null", nullable: true),
            TableFields.Int64("l"),
            TableFields.Int64("l_null", nullable: true),
            TableFields.Float64("d"),
            TableFields.Float64("d_null", nullable: true),
            TableFields.Boolean("b"),
            TableFields.Boolean("b_null", nullable: true),
            TableFields.Utf8("s"),
            TableFields.Utf8("s_null", nullable: true),
            TableFields.Float64List("ds"),
            TableFields.Float64List("ds_null", nullable: true),
        ],
        new Dictionary<string, string> { ["k"] = "v" });

    private static void AddKindsRow(RowBatchBuilder rows, int r)
    {
        var isNull = r % 4 == 1;
        rows.Int(r).Int(isNull ? null : -r)
            .Long(10L * r).Long(isNull ? null : -10L * r)
            .Real(r / 8.0).Real(isNull ? null : -r / 8.0)
            .Bool(r % 2 == 0).Bool(isNull ? null : r % 3 == 0)
            .Text($"s{r}");
        (isNull ? rows.Null() : rows.Text($"t{r}"))
            .Reals(Enumerable.Range(0, r % 3).Select(v => (double)v + r).ToArray());
        (isNull ? rows.NullReals() : rows.Reals([r, -r])).EndRow();
    }

    private static RecordBatch[] KindsBatches(int rows, int flushEvery)
    {
        var builder = AllKinds.Rows(0, "run");
        var batches = new List<RecordBatch>();
        for (var r = 0; r < rows; r++)
        {
            AddKindsRow(builder, r);
            if (builder.Count == flushEvery)
            {
                batches.Add(builder.Build());
            }
        }

        if (builder.Count > 0)
        {
            batches.Add(builder.Build());
        }

        return [.. batches];
    }

    /// <summary>Every value of every row, as text, in row order across batches.</summary>
    private static List<string> Values(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var cells = new List<string>();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    cells.Add(batch.Column(c) switch
                    {
                        _ when batch.Column(c).IsNull(r) => "null",
                        StringArray a => a.GetString(r),
                        Int32Array a => a.GetValue(r)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Int64Array a => a.GetValue(r)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DoubleArray a => a.GetValue(r)!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        BooleanArray a => a.GetValue(r)!.Value.ToString(),
                        ListArray a => "[" + string.Join(",", ((DoubleArray)a.GetSlicedValues(r)).ToArray().Select(v => v!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]",
                        var a => throw new InvalidOperationException(a.GetType().Name),
                    });
                }

                rows.Add(string.Join("|", cells));
            }
        }

        return rows;
    }

    [Fact]
    public void Build_EveryColumnKind_HasTheTableSchemaAndValues()
    {
        var batch = Assert.Single(KindsBatches(13, int.MaxValue));
        Assert.Same(AllKinds.Schema, batch.Schema);
        Assert.Equal("v", batch.Schema.Metadata["k"]);
        Assert.Equal("test/kinds/3", batch.Schema.Metadata[ArrowMetadata.SchemaKey]);
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            // Each array's own type is the field's type (list item field included).
            Assert.Equal(AllKinds.Schema.FieldsList[c].DataType.TypeId, batch.Column(c).Data.DataType.TypeId);
            Assert.Equal(13, batch.Column(c).Length);
            Assert.True(AllKinds.Schema.FieldsList[c].IsNullable || batch.Column(c).NullCount == 0);
        }

        Assert.Equal(3, batch.Column("i_null").NullCount); // rows 1, 5, 9
        Assert.Equal(3, batch.Column("b_null").NullCount);
        Assert.Equal(3, batch.Column("s_null").NullCount);
        Assert.Equal(3, batch.Column("ds_null").NullCount);
        var values = Values([batch]);
        Assert.Equal("run|0|0|0|0|0|0|True|True|s0|t0|[]|[0,0]", values[0]);
        Assert.Equal("run|1|null|10|null|0.125|null|False|null|s1|null|[1]|null", values[1]);
        Assert.Equal("run|2|-2|20|-20|0.25|-0.25|True|False|s2|t2|[2,3]|[2,-2]", values[2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(64)]
    public void Build_FlushedEveryFewRows_GivesTheRowsOfOneBatch(int flushEvery)
    {
        var whole = KindsBatches(70, int.MaxValue);
        var flushed = KindsBatches(70, flushEvery);
        Assert.Equal((70 + flushEvery - 1) / flushEvery, flushed.Length);
        Assert.All(flushed, b => Assert.Same(AllKinds.Schema, b.Schema));
        Assert.Equal(Values(whole), Values(flushed));
    }

    [Fact]
    public void At_ColumnsByNameOrIndexInAnyOrder_GiveTheSameRow()
    {
        var inOrder = AllKinds.Rows(0, "run");
        AddKindsRow(inOrder, 2);
        var byName = AllKinds.Rows(0, "run");
        byName.At("ds_null").Reals([2, -2]).At("s").Text("s2").Text("t2").Reals([2, 3])
            .At(1).Int(2).Int(-2).Long(20).Long(-20).Real(0.25).Real(-0.25)
            .At("b").Bool(true).Bool(false).EndRow();
        Assert.Equal(Values([inOrder.Build()]), Values([byName.Build()]));
    }

    [Fact]
    public void At_ColumnFilledTwiceOrLeftOut_ThrowsAtEndRow()
    {
        var rows = ListTable.Rows(0, "r");
        rows.At("member").Int(1).At("member").Int(2).Reals([]);
        Assert.Throws<InvalidOperationException>(rows.EndRow);
        Assert.Throws<ArgumentException>(() => rows.At("nope"));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.At(0)); // the run id column is filled by Build
    }

    [Fact]
    public void Text_NonAsciiAndEmptyStrings_RoundTrip()
    {
        var table = TableDefinition.Create("test/text", 1, [TableFields.Utf8("s"), TableFields.Utf8("u")]);
        var rows = table.Rows(1);
        string[] values = ["", "é", "λ-exponent ≈ 0.1", new string('x', 100), "run_é1"];
        foreach (var v in values)
        {
            rows.Text(v).Utf8(System.Text.Encoding.UTF8.GetBytes(v)).EndRow();
        }

        var batch = rows.Build();
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], ((StringArray)batch.Column(0)).GetString(i));
            Assert.Equal(values[i], ((StringArray)batch.Column(1)).GetString(i));
        }
    }

    [Fact]
    public void Null_NonNullableColumn_Throws()
    {
        var rows = AllKinds.Rows();
        rows.Text("run");
        Assert.Throws<InvalidOperationException>(() => rows.Int(null));
        Assert.Throws<InvalidOperationException>(() => rows.Null());
    }

    [Fact]
    public void Append_PastTheLastColumn_Throws()
    {
        var rows = ListTable.Rows(0, "r");
        rows.Int(1).Reals([]);
        Assert.Throws<InvalidOperationException>(() => rows.Int(2));
        rows.EndRow();
        Assert.Equal(1, rows.Build().Length);
    }

    [Fact]
    public void AppendTo_NoRows_AppendsNothing()
    {
        var output = new Output();
        var rows = ListTable.Rows(0, "r");
        rows.AppendTo(output);
        Assert.Empty(output.Batches);
        rows.Int(1).NullReals().EndRow();
        rows.AppendTo(output);
        Assert.Equal("test/lists", Assert.Single(output.Batches).Table);
        Assert.Equal(0, rows.Count);
    }

    private sealed class Output : NetOrbit.Stages.IStageOutput
    {
        public List<(string Table, RecordBatch Batch)> Batches { get; } = [];

        public void Append(string table, RecordBatch batch) => Batches.Add((table, batch));
    }
}
