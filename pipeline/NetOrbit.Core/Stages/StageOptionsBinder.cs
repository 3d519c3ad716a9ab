using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetOrbit.Config;

namespace NetOrbit.Stages;

/// <summary>
/// Binds a stage's JSON options object to its options record, once for every stage (built-in and
/// plugins): starting from the record's defaults, each key sets the property of the same name in
/// snake_case (or named by <see cref="JsonPropertyNameAttribute"/>); nested records are objects,
/// enumerations are strings (snake_case member names, or <see cref="JsonStringEnumMemberNameAttribute"/>),
/// numeric properties are checked against their <see cref="OptionRangeAttribute"/>. Every problem is
/// reported with its JSON path, in the configuration's one wording; <see cref="IStageOptions.Validate"/>
/// runs too (an invalid option then holds its default), so every problem is reported at once.
/// </summary>
public static class StageOptionsBinder
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(string Key, PropertyInfo Property)>> Properties = new();

    /// <summary>Binds <paramref name="json"/> (an object, or absent/null for all defaults) at <paramref name="path"/>; null when any problem was reported.</summary>
    public static TOptions? Bind<TOptions>(JsonElement json, string path, ConfigErrors errors)
        where TOptions : class, IStageOptions, new()
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Errors.Count;
        var options = (TOptions)BindObject(typeof(TOptions), new TOptions(), json, path, errors);

        // The rules between options run even when some option was invalid (it then holds its
        // default), so every problem is reported at once; an option already reported is not
        // reported again.
        var reported = errors.Errors.Skip(before).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in options.Validate())
        {
            var at = $"{path}.{problem.Key}";
            if (!reported.Contains(at))
            {
                errors.Add(at, problem.Message);
            }
        }

        return errors.Errors.Count == before ? options : null;
    }

    /// <summary>
    /// Every problem of options built in code: each numeric option against its <see cref="OptionRangeAttribute"/>
    /// (nested records included), then, when those hold, <see cref="IStageOptions.Validate"/>. Keys are JSON key paths.
    /// </summary>
    public static IReadOnlyList<OptionProblem> Problems(IStageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<OptionProblem>();
        CheckRanges(options, "", problems);
        if (problems.Count == 0)
        {
            problems.AddRange(options.Validate());
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem of <paramref name="options"/> (see <see cref="Problems"/>) as <c>stage.key: message</c>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="stage">The stage name the keys are given under (default: the options type's name).</param>
    public static void ThrowIfInvalid(IStageOptions options, string? stage = null)
    {
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            var prefix = stage ?? options.GetType().Name;
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{prefix}.{p.Key}: {p.Message}")), nameof(options));
        }
    }

    /// <summary>snake_case of a C# name: <c>RecordEvery</c> -&gt; <c>record_every</c>, <c>MinR2</c> -&gt; <c>min_r2</c>, <c>D0</c> -&gt; <c>d0</c>.</summary>
    public static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static object BindObject(Type type, object defaults, JsonElement json, string path, ConfigErrors errors)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaults;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"expected an object, found {JsonOptions.Describe(json)}");
            return defaults;
        }

        var result = Copy(defaults);
        var properties = KeyedProperties(type);
        foreach (var member in json.EnumerateObject())
        {
            var at = $"{path}.{member.Name}";
            var match = properties.FirstOrDefault(p => p.Key == member.Name);
            if (match.Property is null)
            {
                var allowed = properties.Count == 0 ? "none" : string.Join(", ", properties.Select(p => p.Key).Order(StringComparer.Ordinal));
                errors.Add(at, $"unknown key; allowed keys: {allowed}");
                continue;
            }

            if (Convert(match.Property, match.Property.GetValue(result), member.Value, at, errors, out var value))
            {
                match.Property.SetValue(result, value);
            }
        }

        return result;
    }

    private static bool Convert(PropertyInfo property, object? current, JsonElement v, string path, ConfigErrors errors, out object? value)
    {
        value = null;
        var declared = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(declared);
        var type = underlying ?? declared;
        if (v.ValueKind == JsonValueKind.Null)
        {
            // null means "omitted", as everywhere in the configuration: the default stays.
            value = current;
            return true;
        }

        string? problem = null;
        if (type == typeof(bool))
        {
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                value = v.GetBoolean();
            }
            else
            {
                problem = $"expected true or false, found {JsonOptions.Describe(v)}";
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (v.ValueKind == JsonValueKind.Number && type == typeof(int) && v.TryGetInt32(out var i))
            {
                value = i;
            }
            else if (v.ValueKind == JsonValueKind.Number && type == typeof(long) && v.TryGetInt64(out var l))
            {
                value = l;
            }
            else
            {
                problem = $"expected an integer, found {JsonOptions.Describe(v)}";
            }
        }
        else if (type == typeof(double))
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d))
            {
                value = d;
            }
            else
            {
                problem = $"expected a finite number, found {JsonOptions.Describe(v)}";
            }
        }
        else if (type == typeof(string))
        {
            if (v.ValueKind == JsonValueKind.String)
            {
                value = v.GetString();
            }
            else
            {
                problem = $"expected a string, found {JsonOptions.Describe(v)}";
            }
        }
        else if (type.IsEnum)
        {
            var names = EnumNames(type);
            var text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var found = names.FirstOrDefault(n => n.Name == text);
            if (found.Name is not null)
            {
                value = found.Value;
            }
            else
            {
                problem = text is null
                    ? $"expected one of {string.Join(" | ", names.Select(n => n.Name))}, found {JsonOptions.Describe(v)}"
                    : $"'{text}' is not allowed: expected one of {string.Join(" | ", names.Select(n => n.Name))}";
            }
        }
        else if (type == typeof(double[]))
        {
            if (v.ValueKind != JsonValueKind.Array)
            {
                problem = $"expected a list of numbers, found {JsonOptions.Describe(v)}";
            }
            else
            {
                var list = new List<double>();
                var k = 0;
                var ok = true;
                foreach (var e in v.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d))
                    {
                        list.Add(d);
                    }
                    else
                    {
                        errors.Add($"{path}[{k}]", $"expected a finite number, found {JsonOptions.Describe(e)}");
                        ok = false;
                    }

                    k++;
                }

                if (!ok)
                {
                    return false;
                }

                value = list.ToArray();
            }
        }
        else if (IsRecord(type))
        {
            value = BindObject(type, current ?? Activator.CreateInstance(type)!, v, path, errors);
            return true;
        }
        else
        {
            throw new InvalidOperationException($"option {property.DeclaringType?.Name}.{property.Name}: type {type.Name} is not supported by the options binder");
        }

        if (problem is not null)
        {
            errors.Add(path, problem);
            return false;
        }

        if (value is not null && OutOfRange(property, value, path) is { } outOfRange)
        {
            errors.Add(path, outOfRange.Message);
            return false;
        }

        return true;
    }

    private static void CheckRanges(object options, string prefix, List<OptionProblem> problems)
    {
        foreach (var (key, property) in KeyedProperties(options.GetType()))
        {
            var value = property.GetValue(options);
            if (value is null)
            {
                continue;
            }

            if (IsRecord(value.GetType()))
            {
                CheckRanges(value, prefix + key + ".", problems);
            }
            else if (OutOfRange(property, value, prefix + key) is { } outOfRange)
            {
                problems.Add(outOfRange);
            }
        }
    }

    // The first value of a numeric option (or list) outside its declared range, if any.
    private static OptionProblem? OutOfRange(PropertyInfo property, object value, string key)
    {
        if (property.GetCustomAttribute<OptionRangeAttribute>() is not { } range)
        {
            return null;
        }

        foreach (var x in value is double[] array ? array : [System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)])
        {
            if (!range.Contains(x))
            {
                return OptionProblem.OutOfRange(key, x, range.Min, range.Max, range.MinExclusive, range.MaxExclusive);
            }
        }

        return null;
    }

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && !type.IsArray && type.GetMethod("<Clone>$") is not null;

    private static object Copy(object value) =>
        value.GetType().GetMethod("<Clone>$") is { } clone ? clone.Invoke(value, null)! : value;

    private static IReadOnlyList<(string Key, PropertyInfo Property)> KeyedProperties(Type type) =>
        Properties.GetOrAdd(type, t => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .OrderBy(p => p.MetadataToken)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? SnakeCase(p.Name), p))]);

    private static (string Name, object Value)[] EnumNames(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? SnakeCase(f.Name), f.GetValue(null)!))];
}
