using System.Globalization;

namespace NetOrbit.Datasets.Reading;

/// <summary>
/// Turns label strings into class indices: when every label is an integer the classes are the
/// distinct values in ascending numeric order (named by their invariant-culture form, so "07" and
/// "7" are one class "7"); otherwise classes are the distinct strings in order of first appearance.
/// </summary>
internal static class ClassIndex
{
    public static (string[] ClassNames, int[] Labels) Build(IReadOnlyList<string> labels)
    {
        var values = new long[labels.Count];
        var allIntegers = labels.Count > 0;
        for (var i = 0; i < labels.Count && allIntegers; i++)
        {
            allIntegers = long.TryParse(labels[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]);
        }

        var indices = new int[labels.Count];
        if (allIntegers)
        {
            var distinct = values.Distinct().Order().ToArray();
            var lookup = new Dictionary<long, int>(distinct.Length);
            for (var k = 0; k < distinct.Length; k++)
            {
                lookup[distinct[k]] = k;
            }

            for (var i = 0; i < values.Length; i++)
            {
                indices[i] = lookup[values[i]];
            }

            return (distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), indices);
        }

        var names = new List<string>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!byName.TryGetValue(labels[i], out var k))
            {
                k = names.Count;
                byName[labels[i]] = k;
                names.Add(labels[i]);
            }

            indices[i] = k;
        }

        return ([.. names], indices);
    }
}
