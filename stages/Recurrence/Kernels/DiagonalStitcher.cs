namespace NetOrbit.Recurrence;

/// <summary>
/// Joins the diagonal line pieces that strips report at their edges. Strips are visited left
/// to right; a diagonal's open run is carried while the next strip's piece on that diagonal is
/// full, and closed when the piece is a partial head or absent (the diagonal's first cell in
/// that strip is not recurrent).
/// </summary>
internal static class DiagonalStitcher
{
    internal static void Stitch(IReadOnlyList<StripEdges> strips, int n, LineHistograms target)
    {
        var carry = new long[n];
        var visited = new int[n];
        Array.Fill(visited, -1);
        var open = new List<int>();
        var nextOpen = new List<int>();
        for (int s = 0; s < strips.Count; s++)
        {
            var edges = strips[s];
            nextOpen.Clear();
            foreach (var head in edges.Heads)
            {
                int d = head.Diagonal;
                visited[d] = s;
                long run = carry[d] + head.Length;
                if (head.Full)
                {
                    carry[d] = run;
                    nextOpen.Add(d);
                }
                else
                {
                    Emit(target, d, run);
                    carry[d] = 0;
                }
            }

            foreach (int d in open)
            {
                if (visited[d] != s && carry[d] > 0)
                {
                    Emit(target, d, carry[d]);
                    carry[d] = 0;
                }
            }

            foreach (var tail in edges.Tails)
            {
                carry[tail.Diagonal] = tail.Length;
                nextOpen.Add(tail.Diagonal);
            }

            (open, nextOpen) = (nextOpen, open);
        }

        foreach (int d in open)
        {
            if (carry[d] > 0)
            {
                Emit(target, d, carry[d]);
                carry[d] = 0;
            }
        }
    }

    private static void Emit(LineHistograms target, int d, long length)
    {
        target.UpperDiagonal[length]++;
        target.DiagonalCount[d] += length;
    }
}
