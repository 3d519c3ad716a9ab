using MathNet.Numerics.LinearAlgebra;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The k leading Lyapunov exponents of a map along a trajectory by repeated QR
/// re-orthonormalisation (Benettin et al. 1980; Shimada and Nagashima 1979): k tangent vectors are
/// pushed through the Jacobian at every step and re-orthonormalised by a thin Householder QR every
/// q steps; exponent i is the time average of ln |R_ii|. The trajectory is supplied one state at a time.
/// </summary>
public sealed class LyapunovSpectrumTracker
{
    private readonly IDiscreteMap _map;
    private readonly int _dimension;
    private readonly int _qrEvery;
    private double[] _tangents; // column-major, Dimension x Count
    private double[] _pushed;
    private readonly double[] _sums;
    private long _sinceQr;

    /// <summary>Starts <paramref name="count"/> (1..Dimension) seeded random orthonormal tangent vectors.</summary>
    /// <param name="map">The dynamics (its Jacobian product is used).</param>
    /// <param name="count">Number k of leading exponents.</param>
    /// <param name="qrEvery">Steps between re-orthonormalisations q &gt;= 1 (1 is the safe choice).</param>
    /// <param name="seed">Seed of the initial tangent vectors.</param>
    public LyapunovSpectrumTracker(IDiscreteMap map, int count, int qrEvery = 1, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, map.Dimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(qrEvery, 1);
        _map = map;
        _dimension = map.Dimension;
        Count = count;
        _qrEvery = qrEvery;
        _sums = new double[count];
        var random = BenettinEstimator.RandomDirection(_dimension * count, seed);
        var qr = Matrix<double>.Build.Dense(_dimension, count, random).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        _tangents = qr.Q.AsColumnMajorArray() ?? qr.Q.ToColumnMajorArray();
        _pushed = new double[_dimension * count];
    }

    /// <summary>Number k of exponents tracked.</summary>
    public int Count { get; }

    /// <summary>Steps advanced so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Steps covered by completed QR steps (the exponents' time base).</summary>
    public long MeasuredSteps { get; private set; }

    /// <summary>False once a non-finite Jacobian product or a singular R stopped the estimate.</summary>
    public bool IsFinite { get; private set; } = true;

    /// <summary>
    /// Pushes the tangent vectors through the Jacobian at <paramref name="x"/> (the state at the
    /// current step, before the map is applied) and re-orthonormalises when due.
    /// </summary>
    public void Advance(ReadOnlySpan<double> x)
    {
        if (!IsFinite)
        {
            return;
        }

        for (var j = 0; j < Count; j++)
        {
            _map.JacobianProduct(x, _tangents.AsSpan(j * _dimension, _dimension), _pushed.AsSpan(j * _dimension, _dimension));
        }

        (_tangents, _pushed) = (_pushed, _tangents);
        Steps++;
        _sinceQr++;
        if (_sinceQr >= _qrEvery)
        {
            Orthonormalise();
        }
    }

    /// <summary>Running exponents (per step), in tangent-vector order (which converges to descending order); NaN before the first QR.</summary>
    public double[] Exponents()
    {
        var e = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            e[i] = IsFinite && MeasuredSteps > 0 ? _sums[i] / MeasuredSteps : double.NaN;
        }

        return e;
    }

    /// <summary>Keeps the (aligned) tangent vectors but forgets the accumulated growth: measuring restarts now.</summary>
    public void Restart()
    {
        if (_sinceQr > 0)
        {
            Orthonormalise();
        }

        Array.Clear(_sums);
        Steps = 0;
        MeasuredSteps = 0;
        _sinceQr = 0;
    }

    private void Orthonormalise()
    {
        _sinceQr = 0;
        foreach (var v in _tangents)
        {
            if (!double.IsFinite(v))
            {
                IsFinite = false;
                return;
            }
        }

        var m = Matrix<double>.Build.Dense(_dimension, Count, _tangents);
        var qr = m.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        for (var i = 0; i < Count; i++)
        {
            var rii = Math.Abs(r[i, i]);
            if (!(rii > 0))
            {
                IsFinite = false;
                return;
            }

            _sums[i] += Math.Log(rii);
        }

        var q = qr.Q.AsColumnMajorArray() ?? qr.Q.ToColumnMajorArray();
        Array.Copy(q, _tangents, _tangents.Length);
        MeasuredSteps = Steps;
    }

    /// <summary>
    /// The Kaplan-Yorke dimension j + (l_1 + ... + l_j) / |l_{j+1}| of exponents sorted descending, j the
    /// largest index with a non-negative partial sum. 0 when l_1 &lt; 0; when every partial sum of the
    /// given exponents is non-negative the value is their count (a lower bound: more exponents are needed).
    /// </summary>
    public static double KaplanYorke(ReadOnlySpan<double> exponents)
    {
        if (exponents.IsEmpty)
        {
            return double.NaN;
        }

        var sorted = exponents.ToArray();
        foreach (var e in sorted)
        {
            if (double.IsNaN(e))
            {
                return double.NaN;
            }
        }

        Array.Sort(sorted, (a, b) => b.CompareTo(a));
        if (sorted[0] < 0)
        {
            return 0;
        }

        double sum = 0;
        for (var j = 0; j < sorted.Length; j++)
        {
            if (sum + sorted[j] < 0)
            {
                return j + sum / Math.Abs(sorted[j]);
            }

            sum += sorted[j];
        }

        return sorted.Length;
    }
}
