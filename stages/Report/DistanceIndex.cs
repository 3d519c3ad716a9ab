namespace NetOrbit.Report;

/// <summary>Rows of a distances table (lyapunov/distances or lyapunov/post_learning) grouped by run.</summary>
internal sealed class DistanceIndex
{
    private readonly Dictionary<string, List<int>> _rows = new(StringComparer.Ordinal);
    private readonly long[] _member;
    private readonly long[] _step;
    private readonly double[] _distance;

    public DistanceIndex(ReportTable table)
    {
        var ids = table.Strings("run_id");
        _member = table.Longs("member");
        _step = table.Longs("step");
        _distance = table.Doubles("distance");
        for (var i = 0; i < ids.Length; i++)
        {
            if (!_rows.TryGetValue(ids[i], out var list))
            {
                _rows[ids[i]] = list = [];
            }

            list.Add(i);
        }
    }

    public bool Has(string runId) => _rows.ContainsKey(runId);

    /// <summary>Each copy's d_j(t): member -> (steps, distances), members ascending.</summary>
    public SortedDictionary<long, (List<double> Steps, List<double> Distances)> Copies(string runId)
    {
        var result = new SortedDictionary<long, (List<double>, List<double>)>();
        foreach (var i in _rows.GetValueOrDefault(runId) ?? [])
        {
            if (!result.TryGetValue(_member[i], out var s))
            {
                result[_member[i]] = s = ([], []);
            }

            s.Item1.Add(_step[i]);
            s.Item2.Add(_distance[i]);
        }

        return result;
    }

    /// <summary>m(t): the mean over the copies at each recorded step (steps where a copy has no finite row use the rest).</summary>
    public (double[] Steps, double[] Mean) Mean(string runId)
    {
        var sums = new SortedDictionary<long, (double Sum, int N)>();
        foreach (var i in _rows.GetValueOrDefault(runId) ?? [])
        {
            if (!double.IsFinite(_distance[i]))
            {
                continue;
            }

            var (s, n) = sums.GetValueOrDefault(_step[i]);
            sums[_step[i]] = (s + _distance[i], n + 1);
        }

        return ([.. sums.Keys.Select(k => (double)k)], [.. sums.Values.Select(v => v.Sum / v.N)]);
    }
}
