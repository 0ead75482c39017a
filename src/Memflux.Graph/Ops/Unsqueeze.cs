using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Unsqueeze: inserts size-1 dimensions at the listed axes of the output (an attribute before opset 13,
/// a constant input from 13; negative axes count from the output's end). The data is shared, not copied.
/// </summary>
public sealed class Unsqueeze : Operator
{
    /// <inheritdoc />
    public override string OpType => "Unsqueeze";

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
        if (axes is null || axes.Length == 0)
        {
            throw node.Error("axes is required and must not be empty.");
        }

        int rank = shape.Rank + axes.Length;
        int[] inserted = OperatorInputs.NormalizeAxes(node, axes, rank, "axis");
        var dims = new int[rank];
        int next = 0;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = inserted.Contains(i) ? 1 : shape[next++];
        }

        return new TensorShape(dims);
    }
}
