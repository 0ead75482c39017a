namespace Memflux.Graph.Ops;

/// <summary>ONNX LeakyRelu (opset 6+): y = x ≥ 0 ? x : alpha·x, alpha defaulting to 0.01 (fp16, fp32, fp64).</summary>
public sealed class LeakyRelu : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "LeakyRelu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha"];

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) =>
        UnaryKernel.Apply(x, destination, new LeakyReluOperator(Alpha(node)));

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        double alpha = Alpha(node);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = x[i] >= 0 ? x[i] : alpha * x[i];
        }
    }

    private static float Alpha(Node node) => node.Attributes.GetFloat("alpha", 0.01f);
}
