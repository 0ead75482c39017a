namespace Memflux.Graph.Ops;

/// <summary>ONNX HammingWindow (opsets 17–21): a Hamming window, 25/46 − 21/46·cos(2πn/D); see <see cref="CosineWindowOperator"/>.</summary>
public sealed class HammingWindow : CosineWindowOperator
{
    /// <inheritdoc />
    public override string OpType => "HammingWindow";

    /// <inheritdoc />
    protected override double[] Coefficients => [25.0 / 46, 21.0 / 46];
}
