namespace NetOrbit.Contracts;

/// <summary>One named block of the flat parameter vector: a weight matrix or a bias vector.</summary>
/// <param name="Name">Block name, such as <c>W1</c> or <c>b1</c>.</param>
/// <param name="Shape">Row-major shape: [inputs, outputs] for weights, [outputs] for biases.</param>
/// <param name="Offset">Index of the block's first element in the flat vector.</param>
public sealed record ParameterBlock(string Name, int[] Shape, int Offset)
{
    /// <summary>Number of elements in the block.</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>True for a connection-weight matrix, false for a bias vector.</summary>
    public bool IsWeight => Shape.Length == 2;
}
