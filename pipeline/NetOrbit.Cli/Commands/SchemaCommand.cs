using System.CommandLine;
using System.Reflection;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit schema [TABLE]</c>: lists the documented tables, or prints one document.</summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var table = new Argument<string?>("table") { Arity = ArgumentArity.ZeroOrOne, Description = "Table name, e.g. trajectories or lyapunov/exponents; 'config' prints the configuration's JSON Schema." };
        var command = new Command("schema", "Print the documentation of the tables NetOrbit writes.") { table };
        command.SetAction(parse => Execute(parse.GetValue(table), stdout, stderr));
        return command;
    }

    internal static int Execute(string? table, TextWriter stdout, TextWriter stderr)
    {
        var docs = Documents();
        if (table is null)
        {
            stdout.WriteLine("Tables (netorbit schema TABLE prints one):");
            foreach (var name in docs.Keys.Where(k => k != "config").Order(StringComparer.Ordinal))
            {
                stdout.WriteLine($"  {name}");
            }

            stdout.WriteLine("  config  (the experiment configuration's JSON Schema)");
            return ExitCodes.Ok;
        }

        var key = table.Replace('.', '/').Replace("/arrow", "", StringComparison.Ordinal);
        if (!docs.TryGetValue(key, out var resource))
        {
            stderr.WriteLine($"error: unknown table '{table}': known tables are {string.Join(", ", docs.Keys.Order(StringComparer.Ordinal))}");
            return ExitCodes.BadInput;
        }

        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)!;
        using var r = new StreamReader(s);
        stdout.Write(r.ReadToEnd());
        return ExitCodes.Ok;
    }

    /// <summary>Table name -> embedded resource name.</summary>
    internal static Dictionary<string, string> Documents()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Assembly.GetExecutingAssembly().GetManifestResourceNames().Where(n => n.StartsWith("schemas/", StringComparison.Ordinal)))
        {
            var file = name["schemas/".Length..];
            if (file == "experiment.schema.json")
            {
                result["config"] = name;
            }
            else if (file.EndsWith(".md", StringComparison.Ordinal) && file != "README.md")
            {
                result[file[..^3].Replace('.', '/')] = name;
            }
        }

        return result;
    }
}
