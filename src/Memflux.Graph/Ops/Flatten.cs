using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Flatten: reshapes to 2-D [d₀·…·d_{axis−1}, d_axis·…·dₙ]; axis in [−rank, rank] (negative from opset 11), default 1.</summary>
public sealed class Flatten : Operator
{
    /// <inheritdoc />
    public override string OpType => "Flatten";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, OutputShape(node, x.Shape))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [x.Reshape(OutputShape(node, x.Shape))];
    }

    private static TensorShape OutputShape(Node node, TensorShape shape)
    {
        int rank = shape.Rank;
        long axis = node.Attributes.GetInt("axis", 1);
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a > rank)
        {
            throw node.Error($"axis {axis} is out of range for input shape {shape} (expected {-rank} to {rank}).");
        }

        return new TensorShape(OperatorInputs.Product(shape.Dimensions, 0, (int)a), OperatorInputs.Product(shape.Dimensions, (int)a, rank));
    }
}
