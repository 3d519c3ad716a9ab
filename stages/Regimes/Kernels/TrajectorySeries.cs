using NetOrbit.Numerics;

namespace NetOrbit.Regimes;

/// <summary>
/// One network's recorded series, snapshot by snapshot: step, loss, accuracy, ||W||_1, the L1 step
/// from the previous snapshot, the first and last finite weights, and an evenly thinned sample of
/// the weight vectors for recurrence analysis. The sample keeps every <c>stride</c>-th snapshot and
/// doubles the stride (dropping every other kept point) when it holds 2 x <c>maxPoints</c>, so it
/// ends with between maxPoints and 2 x maxPoints evenly spaced points (all of them for shorter
/// series) whatever the series' length, and depends only on the snapshots, not on batching.
/// </summary>
internal sealed class TrajectorySeries
{
    private readonly List<long> _steps = [];
    private readonly List<double> _loss = [];
    private readonly List<double> _accuracy = [];
    private readonly List<double> _norm = [];
    private readonly List<double> _stepSize = [];
    private readonly List<int> _pointIndex = [];
    private readonly int _parameters;
    private readonly int _maxPoints;
    private double[] _points;
    private int _stride = 1;
    private double[]? _first;
    private double[]? _last;

    public TrajectorySeries(int parameters, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        _parameters = parameters;
        _maxPoints = maxPoints;
        _points = new double[Math.Min(2 * maxPoints, 16) * parameters];
    }

    public int Count => _loss.Count;

    public int Parameters => _parameters;

    /// <summary>The step of the first snapshot, or -1 when there is none.</summary>
    public long FirstStep => _steps.Count > 0 ? _steps[0] : -1;

    /// <summary>
    /// Adds a snapshot. <paramref name="stepFromPrevious"/> is ||W(this) - W(previous snapshot)||_1 (ignored
    /// for the first snapshot of this series).
    /// </summary>
    public void Add(long step, double loss, double accuracy, ReadOnlySpan<double> w, double norm, double stepFromPrevious)
    {
        if (w.Length != _parameters)
        {
            throw new ArgumentException($"expected {_parameters} weights, got {w.Length}", nameof(w));
        }

        var index = _loss.Count;
        if (index > 0)
        {
            _stepSize.Add(stepFromPrevious);
        }

        _steps.Add(step);
        _loss.Add(loss);
        _accuracy.Add(accuracy);
        _norm.Add(norm);
        if (!double.IsFinite(norm))
        {
            return; // the weights hold a non-finite value: no sample, no last finite weights
        }

        if (_first is null)
        {
            _first = w.ToArray();
            _last = new double[_parameters];
        }

        w.CopyTo(_last);
        if (index % _stride != 0)
        {
            return;
        }

        if (_pointIndex.Count == 2 * _maxPoints)
        {
            Thin();
            if (index % _stride != 0)
            {
                return;
            }
        }

        var offset = _pointIndex.Count * _parameters;
        if (offset + _parameters > _points.Length)
        {
            Array.Resize(ref _points, Math.Min(_points.Length * 2, 2 * _maxPoints * _parameters));
        }

        w.CopyTo(_points.AsSpan(offset, _parameters));
        _pointIndex.Add(index);
    }

    /// <summary>The features of the series (see <see cref="TrajectoryFeatures"/>).</summary>
    public TrajectoryFeatures Features(Contracts.ParameterLayout layout, double highFrequency) =>
        TrajectoryFeatures.Compute(this, layout, highFrequency);

    internal ReadOnlySpan<long> Steps => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_steps);

    internal ReadOnlySpan<double> Loss => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_loss);

    internal ReadOnlySpan<double> Accuracy => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_accuracy);

    internal ReadOnlySpan<double> Norm => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_norm);

    internal ReadOnlySpan<double> StepSize => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_stepSize);

    internal double[]? FirstWeights => _first;

    internal double[]? LastWeights => _last;

    /// <summary>The sampled weight vectors (row-major) among the first <paramref name="snapshots"/> snapshots.</summary>
    internal ReadOnlySpan<double> Points(int snapshots)
    {
        var n = 0;
        while (n < _pointIndex.Count && _pointIndex[n] < snapshots)
        {
            n++;
        }

        return _points.AsSpan(0, n * _parameters);
    }

    private void Thin()
    {
        var kept = 0;
        for (var i = 0; i < _pointIndex.Count; i += 2)
        {
            if (kept != i)
            {
                _points.AsSpan(i * _parameters, _parameters).CopyTo(_points.AsSpan(kept * _parameters, _parameters));
            }

            _pointIndex[kept++] = _pointIndex[i];
        }

        _pointIndex.RemoveRange(kept, _pointIndex.Count - kept);
        _stride *= 2;
    }
}
