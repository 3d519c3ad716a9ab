using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Graph;
using Xunit;

namespace NetOrbit.Tests.Graph;

public sealed class TableRowsTests
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
        var rows = new TableRows(Table);
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
        var rows = new TableRows(Table, 3, "run_7"u8.ToArray());
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
        var rows = new TableRows(ListTable, 2, "r"u8.ToArray(), listValues: 3);
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
        Assert.Throws<ArgumentException>(() => new TableRows(table, 0, "r"u8.ToArray()));
    }

    [Fact]
    public void EndRow_MissingColumn_Throws()
    {
        var rows = new TableRows(Table);
        rows.Text("a").Int(1);
        Assert.Throws<InvalidOperationException>(rows.EndRow);
    }

    [Fact]
    public void Append_WrongType_Throws()
    {
        var rows = new TableRows(Table);
        Assert.Throws<InvalidOperationException>(() => rows.Int(1));
    }
}
