using Apache.Arrow.Types;
using NetOrbit.Lyapunov;
using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class SchemaDocumentTests
{
    public static TheoryData<string> TableNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in AllTables())
        {
            data.Add(t.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void SchemaDocument_MatchesDeclaredColumnsAndTypes(string table)
    {
        var def = AllTables().Single(t => t.Name == table);
        var path = Path.Combine(RepoPaths.Schemas, table.Replace('/', '.') + ".md");
        Assert.True(File.Exists(path), $"missing {path}");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {def.SchemaTag}", lines.First(l => l.StartsWith('#')));
        var rows = lines
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        Assert.Equal(["column", "type", "meaning"], rows[0]);
        var columns = rows.Skip(2).ToList(); // header and separator
        Assert.Equal(def.Schema.FieldsList.Select(f => f.Name), columns.Select(c => c[0]));
        Assert.Equal(def.Schema.FieldsList.Select(f => ArrowName(f.DataType)), columns.Select(c => c[1]));
        Assert.All(columns, c => Assert.False(string.IsNullOrWhiteSpace(c[2])));
    }

    private static IEnumerable<NetOrbit.Arrow.TableDefinition> AllTables()
    {
        var stage = LyapunovStageFactory.CreateStage(new LyapunovOptions
        {
            Benettin = new() { Enabled = true },
            Spectrum = new() { Enabled = true },
            Sharpness = new() { Enabled = true },
            PostLearning = new() { Enabled = true },
        });
        return stage.Tables;
    }

    private static string ArrowName(IArrowType t) => t switch
    {
        StringType => "utf8",
        Int32Type => "int32",
        Int64Type => "int64",
        DoubleType => "float64",
        BooleanType => "bool",
        ListType l => $"list<{ArrowName(l.ValueDataType)}>",
        _ => t.Name,
    };
}
