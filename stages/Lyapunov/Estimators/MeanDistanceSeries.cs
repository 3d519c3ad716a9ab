namespace NetOrbit.Lyapunov;

/// <summary>
/// m(t), the mean distance of the perturbed copies to the reference at steps 0 .. length - 1, the
/// input of the paper's window fit, gathered step by step from member distances. A step with no
/// distances is NaN in <see cref="Mean"/>; the series ends at the first step where fewer than all
/// copies had a finite distance (a copy diverged).
/// </summary>
/// <param name="length">Steps kept (the span of the window grid and Eq. 4).</param>
public sealed class MeanDistanceSeries(int length)
{
    private readonly double[] _sum = new double[length];
    private readonly int[] _count = new int[length];
    private readonly bool[] _seen = new bool[length];
    private long _last = -1;

    /// <summary>Steps kept.</summary>
    public int Length => _sum.Length;

    /// <summary>The last step counted, or -1.</summary>
    public long LastStep => _last;

    /// <summary>Starts <paramref name="step"/>; false (and nothing counted) when it lies beyond <see cref="Length"/> or is not after the last step.</summary>
    public bool BeginStep(long step)
    {
        if (step >= _sum.Length || step <= _last)
        {
            return false;
        }

        _last = step;
        _seen[step] = true;
        return true;
    }

    /// <summary>Adds one copy's distance at <paramref name="step"/> (begun with <see cref="BeginStep"/>); NaN (a diverged or unrecorded copy) is left out.</summary>
    public void Add(long step, double distance)
    {
        if (!double.IsNaN(distance))
        {
            _sum[step] += distance;
            _count[step]++;
        }
    }

    /// <summary>m(t) for t up to the last step, ending before the first step where fewer than <paramref name="copies"/> distances were added; <c>Complete</c> is false when it ended there.</summary>
    public (double[] Mean, bool Complete) Mean(int copies)
    {
        var end = (int)Math.Min(_sum.Length, _last + 1);
        var m = new List<double>(end);
        for (var t = 0; t < end; t++)
        {
            if (!_seen[t])
            {
                m.Add(double.NaN);
            }
            else if (_count[t] == copies)
            {
                m.Add(_sum[t] / copies);
            }
            else
            {
                return ([.. m], false);
            }
        }

        return ([.. m], true);
    }
}
