using System.Text.Json;

namespace NetOrbit.Config;

/// <summary>
/// Strict readers for a stage's or dataset's JSON options object: each getter reports a missing,
/// mistyped or out-of-range value to <see cref="ConfigErrors"/> with its JSON path, and
/// <see cref="RejectUnknown"/> reports keys nobody asked for.
/// </summary>
public sealed class JsonOptions
{
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly ConfigErrors _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="element"/> found at <paramref name="path"/>.</summary>
    public JsonOptions(JsonElement element, string path, ConfigErrors errors)
    {
        _element = element;
        _path = path;
        _errors = errors;
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            errors.Add(path, $"expected an object, found {Describe(element)}");
        }
    }

    /// <summary>The JSON path of this object.</summary>
    public string Path => _path;

    /// <summary>The errors collector.</summary>
    public ConfigErrors Errors => _errors;

    /// <summary>Path of member <paramref name="key"/>.</summary>
    public string PathOf(string key) => $"{_path}.{key}";

    /// <summary>The raw member, or Undefined when absent.</summary>
    public JsonElement Raw(string key)
    {
        _known.Add(key);
        return _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(key, out var v) ? v : default;
    }

    /// <summary>True when member <paramref name="key"/> is present and not null.</summary>
    public bool Has(string key) => Raw(key).ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>A number in [min, max] (inclusive unless stated), or the default when absent.</summary>
    public double Double(string key, double defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        var v = Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            _errors.Add(PathOf(key), $"expected a finite number, found {Describe(v)}");
            return defaultValue;
        }

        if (d < min || d > max || (minExclusive && d == min))
        {
            _errors.Add(PathOf(key), $"{d} is out of range: allowed {(minExclusive ? "(" : "[")}{min}, {max}]");
        }

        return d;
    }

    /// <summary>An integer in [min, max], or the default when absent.</summary>
    public int Int(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            _errors.Add(PathOf(key), $"expected an integer, found {Describe(v)}");
            return defaultValue;
        }

        if (i < min || i > max)
        {
            _errors.Add(PathOf(key), $"{i} is out of range: allowed [{min}, {max}]");
        }

        return i;
    }

    /// <summary>A 64-bit integer seed, or the default when absent.</summary>
    public long Long(string key, long defaultValue, long min = long.MinValue)
    {
        var v = Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var i))
        {
            _errors.Add(PathOf(key), $"expected an integer, found {Describe(v)}");
            return defaultValue;
        }

        if (i < min)
        {
            _errors.Add(PathOf(key), $"{i} is out of range: allowed >= {min}");
        }

        return i;
    }

    /// <summary>A boolean, or the default when absent.</summary>
    public bool Bool(string key, bool defaultValue)
    {
        var v = Raw(key);
        switch (v.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null: return defaultValue;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default:
                _errors.Add(PathOf(key), $"expected true or false, found {Describe(v)}");
                return defaultValue;
        }
    }

    /// <summary>A string, or the default when absent.</summary>
    public string? String(string key, string? defaultValue)
    {
        var v = Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            _errors.Add(PathOf(key), $"expected a string, found {Describe(v)}");
            return defaultValue;
        }

        return v.GetString();
    }

    /// <summary>One of <paramref name="allowed"/> (case-sensitive), or the default when absent.</summary>
    public string Choice(string key, string defaultValue, params string[] allowed)
    {
        var s = String(key, defaultValue) ?? defaultValue;
        if (!allowed.Contains(s, StringComparer.Ordinal))
        {
            _errors.Add(PathOf(key), $"'{s}' is not allowed: expected one of {string.Join(" | ", allowed)}");
            return defaultValue;
        }

        return s;
    }

    /// <summary>A list of numbers (each finite, in range), or the default when absent.</summary>
    public double[] Doubles(string key, double[] defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var v = Raw(key);
        if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(PathOf(key), $"expected a list of numbers, found {Describe(v)}");
            return defaultValue;
        }

        var list = new List<double>();
        var i = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                _errors.Add($"{PathOf(key)}[{i}]", $"expected a finite number, found {Describe(e)}");
            }
            else if (d < min || d > max)
            {
                _errors.Add($"{PathOf(key)}[{i}]", $"{d} is out of range: allowed [{min}, {max}]");
            }
            else
            {
                list.Add(d);
            }

            i++;
        }

        return [.. list];
    }

    /// <summary>A nested options object (absent gives an empty one).</summary>
    public JsonOptions Object(string key) => new(Raw(key), PathOf(key), _errors);

    /// <summary>Reports every member that no getter asked for. Call after reading all options.</summary>
    public void RejectUnknown()
    {
        if (_element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var p in _element.EnumerateObject())
        {
            if (!_known.Contains(p.Name))
            {
                var allowed = _known.Count == 0 ? "none" : string.Join(", ", _known.Order(StringComparer.Ordinal));
                _errors.Add(PathOf(p.Name), $"unknown key; allowed keys: {allowed}");
            }
        }
    }

    /// <summary>Short description of a JSON value for error messages.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => e.GetRawText(),
    };
}
