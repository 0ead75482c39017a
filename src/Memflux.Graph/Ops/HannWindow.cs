using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX HannWindow (opsets 17–21): a Hann window, 0.5 − 0.5·cos(2πn/D), n &lt; size, D = size (periodic, the default) or size − 1.</summary>
public sealed class HannWindow : Operator
{
    /// <inheritdoc />
    public override string OpType => "HannWindow";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["output_datatype", "periodic"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        long size = SpectralKernel.ScalarInt(node, inputs, 0, "size");
        return size is < 0 or > int.MaxValue
            ? throw node.Error($"input 0 (size) is {size}; expected 0 or more.")
            : [new TensorInfo(SpectralKernel.OutputType(node), new TensorShape((int)size))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var info = InferOutputs(node, OperatorInputs.Describe(inputs))[0];
        bool periodic = node.Attributes.GetInt("periodic", 1) != 0;
        return [LossKernel.FromDoubles(info.Type, SpectralKernel.CosineWindow(info.Shape[0], periodic, 0.5, 0.5), info.Shape)];
    }
}
