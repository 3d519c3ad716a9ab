namespace NetOrbit.Numerics;

/// <summary>Small integer helpers shared by the pipeline and the stages.</summary>
public static class IntMath
{
    /// <summary>The greatest common divisor of two non-negative integers (Euclid); <c>Gcd(a, 0) = a</c>, <c>Gcd(0, 0) = 0</c>.</summary>
    /// <param name="a">A non-negative integer.</param>
    /// <param name="b">A non-negative integer.</param>
    /// <exception cref="ArgumentOutOfRangeException">Either argument is negative.</exception>
    public static int Gcd(int a, int b)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
