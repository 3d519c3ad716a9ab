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

    private static readonly TableDefinition BlockTable = TableDefinition.Create(
        "test/block",
        1,
        [
            new Field("run_id", StringType.Default, false),
            new Field("member", Int32Type.Default, false),
            new Field("step", Int64Type.Default, false),
            new Field("neuron", Int32Type.Default, false),
            new Field("x", DoubleType.Default, true),
        ]);

    [Fact]
    public void EndRows_BlocksBetweenRows_KeepOrderValuesAndNulls()
    {
        var rows = new TableRows(BlockTable, 2, "r"u8.ToArray());
        rows.Int(7).Long(1).Int(9).Real(0.5).EndRow();
        rows.BeginRows(3).Same(4).Same(20L).Values([0, 1, 2]).Values([1.0, 2.0, 3.0]).EndRows();
        rows.BeginRows(2).Same(5).Same(30L).Values([0, 1]).Nulls().EndRows();
        rows.Int(8).Long(40).Int(3).Real(null).EndRow();
        var batch = rows.Build();

        Assert.Equal(7, batch.Length);
        Assert.Equal([7, 4, 4, 4, 5, 5, 8], ((Int32Array)batch.Column("member")).Values.ToArray());
        Assert.Equal([1L, 20, 20, 20, 30, 30, 40], ((Int64Array)batch.Column("step")).Values.ToArray());
        Assert.Equal([9, 0, 1, 2, 0, 1, 3], ((Int32Array)batch.Column("neuron")).Values.ToArray());
        var x = (DoubleArray)batch.Column("x");
        Assert.Equal([0.5, 1.0, 2.0, 3.0, null, null, null], Enumerable.Range(0, 7).Select(i => x.GetValue(i)));
        Assert.Equal(3, x.NullCount);
        Assert.All(Enumerable.Range(0, 7), i => Assert.Equal("r", ((StringArray)batch.Column("run_id")).GetString(i)));
    }

    [Fact]
    public void Values_WrongLengthForBlock_Throws()
    {
        var rows = new TableRows(BlockTable, 0, "r"u8.ToArray());
        rows.BeginRows(3).Same(1).Same(2L);
        Assert.Throws<ArgumentException>(() => rows.Values([0, 1]));
    }

    [Fact]
    public void Build_RowValueInsideBlock_Throws()
    {
        var rows = new TableRows(BlockTable, 0, "r"u8.ToArray());
        rows.BeginRows(2).Same(1).Long(2).Values([0, 1]).Values([1.0, 2.0]).EndRows();
        Assert.Throws<InvalidOperationException>(() => rows.Build());
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
