namespace NetOrbit.Lyapunov;

/// <summary>A series read from a file: points of <see cref="Width"/> components, row-major.</summary>
internal sealed record SeriesData(string Column, double[] Values, int Width)
{
    public int Points => Values.Length / Width;
}

/// <summary>A user-input problem: one line naming the file and where it is wrong.</summary>
internal sealed class SeriesFormatException(string message) : Exception(message);
