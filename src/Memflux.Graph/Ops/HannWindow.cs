namespace Memflux.Graph.Ops;

/// <summary>ONNX HannWindow (opsets 17–21): a Hann window, 0.5 − 0.5·cos(2πn/D); see <see cref="CosineWindowOperator"/>.</summary>
public sealed class HannWindow : CosineWindowOperator
{
    /// <inheritdoc />
    public override string OpType => "HannWindow";

    /// <inheritdoc />
    protected override double[] Coefficients => [0.5, 0.5];
}
