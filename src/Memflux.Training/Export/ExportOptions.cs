namespace Memflux.Training.Export;

/// <summary>How a trained model becomes an ONNX graph.</summary>
public sealed record ExportOptions
{
    /// <summary>
    /// When true, a batch-norm that directly follows a Conv2d or Linear in a <see cref="Sequential"/> is folded
    /// into that layer's weights and bias; otherwise it is kept as a BatchNormalization node with the running
    /// statistics.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>The name of the graph input.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The name of the graph output.</summary>
    public string OutputName { get; init; } = "logits";

    /// <summary>The symbolic name written for the batch dimension of the input and output.</summary>
    public string BatchDimension { get; init; } = "N";

    /// <summary>The graph name.</summary>
    public string GraphName { get; init; } = "memflux";
}
