using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Contracts;

/// <summary>Accumulates <see cref="MemberDistanceBatch"/> entries step by step.</summary>
public sealed class MemberDistanceBuilder
{
    private readonly RunInfo _run;
    private readonly int _members;
    private long[] _steps;
    private double[] _l1;
    private double[] _l2;
    private readonly int _parameters;
    private int _length;

    /// <summary>A builder for <paramref name="run"/> sized for <paramref name="stepsPerBatch"/> steps per batch.</summary>
    public MemberDistanceBuilder(RunInfo run, int stepsPerBatch = 64)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _members = run.Members;
        var n = Math.Max(1, stepsPerBatch);
        _steps = new long[n];
        _l1 = new double[n * _members];
        _l2 = new double[n * _members];
        _parameters = run.Layout.Count;
    }

    /// <summary>Steps added since the last <see cref="Build"/>.</summary>
    public int Length => _length;

    /// <summary>The step of the last entry, or -1 when the builder is empty.</summary>
    public long LastStep => _length == 0 ? -1 : _steps[_length - 1];

    /// <summary>Starts the entry of <paramref name="step"/> with every member absent (NaN) but the reference (0).</summary>
    public void AddStep(long step)
    {
        if (_length == _steps.Length)
        {
            Array.Resize(ref _steps, _length * 2);
            Array.Resize(ref _l1, _steps.Length * _members);
            Array.Resize(ref _l2, _steps.Length * _members);
        }

        _steps[_length] = step;
        var row = _length * _members;
        _l1.AsSpan(row, _members).Fill(double.NaN);
        _l2.AsSpan(row, _members).Fill(double.NaN);
        _l1[row] = 0;
        _l2[row] = 0;
        _length++;
    }

    /// <summary>Sets the distances of <paramref name="member"/> (&gt;= 1) to <paramref name="reference"/> in the last entry.</summary>
    public void Set(int member, ReadOnlySpan<double> reference, ReadOnlySpan<double> weights)
    {
        if (_length == 0)
        {
            throw new InvalidOperationException("AddStep must come first");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(member, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _members);
        if (reference.Length != _parameters || weights.Length != _parameters)
        {
            throw new ArgumentException($"weights hold {weights.Length} and {reference.Length} parameters; the run has {_parameters}");
        }

        var i = ((_length - 1) * _members) + member;
        (_l1[i], _l2[i]) = Numerics.VectorDistance.L1AndL2(weights, reference);
    }

    /// <summary>Marks <paramref name="member"/> absent in the last entry; the reference's absence drops the entry.</summary>
    public void MarkAbsent(int member)
    {
        if (_length == 0)
        {
            return;
        }

        if (member == 0)
        {
            _length--;
            return;
        }

        var i = ((_length - 1) * _members) + member;
        _l1[i] = double.NaN;
        _l2[i] = double.NaN;
    }

    /// <summary>Takes the entries as a batch and starts a new one.</summary>
    public MemberDistanceBatch Build() => Build(_length);

    /// <summary>Takes every entry but the last (whose step may still be filled) as a batch, or null when there is at most one.</summary>
    public MemberDistanceBatch? BuildAllButLast()
    {
        if (_length < 2)
        {
            return null;
        }

        var batch = Build(_length - 1);
        return batch;
    }

    private MemberDistanceBatch Build(int count)
    {
        var batch = new MemberDistanceBatch(_run, _steps[..count], _l1[..(count * _members)], _l2[..(count * _members)], count);
        var rest = _length - count;
        Array.Copy(_steps, count, _steps, 0, rest);
        Array.Copy(_l1, count * _members, _l1, 0, rest * _members);
        Array.Copy(_l2, count * _members, _l2, 0, rest * _members);
        _length = rest;
        return batch;
    }
}
