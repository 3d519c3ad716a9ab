using System.Text.RegularExpressions;
using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Pipeline;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Pipeline;

/// <summary>Every table the code writes has a document in schemas/ that lists exactly its columns and types.</summary>
public sealed partial class SchemaDocumentTests
{
    private static Data.Dataset Sample() =>
        NetOrbit.Datasets.DatasetCatalog.FromJson("""{ "name": "iris", "source": "iris" }""").Load();

    /// <summary>The pipeline's and the stages' tables, and those a command writes (lr-scan's <c>lr_scan</c>).</summary>
    private static IEnumerable<TableDefinition> AllTables() =>
        BuiltInStages.AllTables(Sample()).Append(NetOrbit.Report.LrScan.LrScanTable.Definition(0.9));

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
    public void Document_MatchesCode(string table)
    {
        var definition = AllTables().Single(t => t.Name == table);
        var path = Path.Combine(RepoPaths.Schemas, table.Replace('/', '.') + ".md");
        Assert.True(File.Exists(path), $"{table}: no document {path}");
        var (heading, columns) = Parse(path);
        Assert.Equal($"{definition.Name}/{definition.Version}", heading);
        Assert.Equal(definition.Schema.FieldsList[0].Name, columns[0].Name);

        var fields = definition.Schema.FieldsList;
        var documented = new List<(string Name, string Type)>();
        foreach (var c in columns)
        {
            if (c.Name == "<feature>")
            {
                // Variable columns: one per feature, all float64.
                documented.AddRange(fields.Where(f => !columns.Any(k => k.Name == f.Name)).Select(f => (f.Name, c.Type)));
            }
            else
            {
                documented.Add(c);
            }
        }

        var actual = fields.Select(f => (f.Name, Type: Normalize(SchemaComparer.TypeName(f.DataType)))).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        var expected = documented.Select(c => (c.Name, Type: Normalize(c.Type))).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(definition.SchemaTag, definition.Schema.Metadata[ArrowMetadata.SchemaKey]);
    }

    [Fact]
    public void EveryDocument_DescribesATable()
    {
        var names = AllTables().Select(t => t.Name.Replace('/', '.')).ToHashSet();
        foreach (var doc in Directory.GetFiles(RepoPaths.Schemas, "*.md").Select(Path.GetFileNameWithoutExtension))
        {
            if (doc != "README")
            {
                Assert.True(names.Contains(doc!), $"schemas/{doc}.md documents no table the code writes");
            }
        }
    }

    [Fact]
    public void SchemaCommand_PrintsTrajectoriesDocument()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, SchemaCommand.Execute("trajectories", stdout, TextWriter.Null));
        Assert.StartsWith("# trajectories/1", stdout.ToString());
        var err = new StringWriter();
        Assert.Equal(2, SchemaCommand.Execute("nope", TextWriter.Null, err));
        Assert.Contains("unknown table", err.ToString());
    }

    // fixed_size_list<float64>[P] in documents stands for any list size.
    private static string Normalize(string type) => FixedSize().Replace(type, "[P]");

    private static (string Heading, List<(string Name, string Type)> Columns) Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var heading = lines.First(l => l.StartsWith("# ", StringComparison.Ordinal))[2..].Trim();
        var columns = new List<(string, string)>();
        var inTable = false;
        foreach (var line in lines)
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (line.StartsWith("| column | type |", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (inTable && line.StartsWith('|') && cells.Length >= 4 && !cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                columns.Add((cells[1].Trim('`'), cells[2].Trim('`')));
            }
            else if (inTable && !line.StartsWith('|'))
            {
                break;
            }
        }

        return (heading, columns);
    }

    [GeneratedRegex(@"\[(\d+|P)\]")]
    private static partial Regex FixedSize();
}
