namespace NetOrbit.Recurrence;

/// <summary>Neumaier (improved Kahan-Babuska) summation: error independent of the number of terms.</summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    internal readonly double Value => _sum + _compensation;

    internal void Add(double x)
    {
        double t = _sum + x;
        _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }

    internal void Add(CompensatedSum other)
    {
        Add(other._sum);
        Add(other._compensation);
    }
}
