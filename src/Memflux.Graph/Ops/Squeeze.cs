using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Squeeze: removes size-1 dimensions, those listed in axes (an attribute before opset 13, an optional
/// constant input from 13) or, without axes, all of them. The data is shared, not copied.
/// </summary>
public sealed class Squeeze : Operator
{
    /// <inheritdoc />
    public override string OpType => "Squeeze";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axes"];

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, OutputShape(node, x.Shape, AxesInput.Read(node, inputs)))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [x.Reshape(OutputShape(node, x.Shape, AxesInput.Read(node, OperatorInputs.Describe(inputs))))];
    }

    private static TensorShape OutputShape(Node node, TensorShape shape, long[]? axes)
    {
        if (axes is null)
        {
            return new TensorShape([.. shape.Where(d => d != 1)]);
        }

        int[] squeezed = OperatorInputs.NormalizeAxes(node, axes, shape.Rank, "axis");
        foreach (int a in squeezed)
        {
            if (shape[a] != 1)
            {
                throw node.Error($"cannot squeeze axis {a} of shape {shape}: its size is {shape[a]}, not 1.");
            }
        }

        return new TensorShape([.. shape.Where((_, i) => !squeezed.Contains(i))]);
    }
}
