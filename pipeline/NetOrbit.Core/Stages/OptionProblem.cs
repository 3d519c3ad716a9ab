using System.Globalization;

namespace NetOrbit.Stages;

/// <summary>A problem with a stage option: its key path inside the stage's options (<c>every</c>, <c>benettin.d0</c>) and what is wrong, in the configuration's one wording.</summary>
/// <param name="Key">Key path relative to the stage's options object.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public readonly record struct OptionProblem(string Key, string Message)
{
    /// <summary>"<paramref name="value"/> is out of range: allowed ...", the wording of every range check.</summary>
    public static OptionProblem OutOfRange(string key, double value, double min, double max, bool minExclusive = false, bool maxExclusive = false) =>
        new(key, $"{Format(value)} is out of range: allowed {Allowed(min, max, minExclusive, maxExclusive)}");

    /// <summary>A rule between options: "<paramref name="requirement"/>", for example "must be larger than theiler (1)".</summary>
    public static OptionProblem Rule(string key, string requirement) => new(key, requirement);

    /// <summary>The allowed interval in words: [a, b], (a, b), &gt;= a, &lt;= b.</summary>
    public static string Allowed(double min, double max, bool minExclusive = false, bool maxExclusive = false)
    {
        var hasMin = !double.IsNegativeInfinity(min);
        var hasMax = !double.IsPositiveInfinity(max);
        return (hasMin, hasMax) switch
        {
            (true, true) => $"{(minExclusive ? "(" : "[")}{Format(min)}, {Format(max)}{(maxExclusive ? ")" : "]")}",
            (true, false) => $"{(minExclusive ? ">" : ">=")} {Format(min)}",
            (false, true) => $"{(maxExclusive ? "<" : "<=")} {Format(max)}",
            _ => "any finite number",
        };
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
