namespace Memflux.Graph.Ops;

/// <summary>ONNX BlackmanWindow (opsets 17–21): a Blackman window, 0.42 − 0.5·cos(2πn/D) + 0.08·cos(4πn/D); see <see cref="CosineWindowOperator"/>.</summary>
public sealed class BlackmanWindow : CosineWindowOperator
{
    /// <inheritdoc />
    public override string OpType => "BlackmanWindow";

    /// <inheritdoc />
    protected override double[] Coefficients => [0.42, 0.5, 0.08];
}
