namespace NetOrbit.Training;

/// <summary>
/// Output layer and its cross-entropy loss. With N samples, one-hot targets y and logits z:
/// <list type="bullet">
/// <item><see cref="Softmax"/>: L = (1/N) sum_n [ ln(sum_o e^{z_no}) - z_{n,y_n} ] (mean categorical cross-entropy).</item>
/// <item><see cref="Sigmoid"/>: p = 1/(1+e^-z), L = (1/N) sum_n sum_o [ -y_no ln p_no - (1 - y_no) ln(1 - p_no) ],
/// evaluated stably as softplus(z_no) - y_no z_no.</item>
/// </list>
/// In both cases dL/dz_no = (p_no - y_no) / N. The predicted class is the first index of the largest logit.
/// </summary>
public enum OutputActivation
{
    /// <summary>Softmax with categorical cross-entropy (default, the paper's published runs).</summary>
    Softmax,

    /// <summary>Independent sigmoids with binary cross-entropy summed over outputs (the paper's text).</summary>
    Sigmoid,
}
