using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX PRelu (opset 7+): y = x &lt; 0 ? slope·x : x, with <c>slope</c> broadcast to X's shape (unidirectionally:
/// the output always has X's shape). fp16, fp32, fp64, and from opset 9 int32, int64, uint32, uint64. Before opset 7
/// a 1-D slope of X's channel count is one slope per channel (axis 1), as PyTorch's PReLU exported it.
/// </summary>
public sealed class PRelu : Operator
{
    /// <inheritdoc />
    public override string OpType => "PRelu";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var slope = RequireInput(node, inputs, 1);
        var info = Broadcasting.InferBinary(node, [x, slope with { Shape = SlopeShape(node, x.Shape, slope.Shape), Constant = null }]);
        bool accepted = info.Type.IsFloatingPoint()
            || (node.Opset >= 9 && info.Type is DataType.Int32 or DataType.Int64 or DataType.UInt32 or DataType.UInt64);
        if (!accepted)
        {
            throw node.Error($"inputs must be Float32, Float64 or Float16 (and from opset 9 Int32, Int64, UInt32, UInt64), found {info.Type}.");
        }

        if (!info.Shape.Equals(x.Shape))
        {
            throw node.Error($"slope shape {inputs[1]!.Shape} must broadcast to X's shape {x.Shape} (unidirectionally), but the broadcast shape is {info.Shape}.");
        }

        return [info];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var slope = RequireInput(node, inputs, 1);
        return [Broadcasting.Apply<Leaky>(node, x, slope.Reshape(SlopeShape(node, x.Shape, slope.Shape)))];
    }

    /// <summary>The slope's shape for broadcasting: before opset 7 a [C] slope applies along X's channel axis.</summary>
    private static TensorShape SlopeShape(Node node, TensorShape x, TensorShape slope) =>
        node.Opset < 7 && slope.Rank == 1 && x.Rank > 2 && slope[0] == x[1] && slope[0] != 1
            ? new TensorShape([slope[0], .. Enumerable.Repeat(1, x.Rank - 2)])
            : slope;

    private readonly struct Leaky : INumericOperator<Leaky>
    {
        public static T Invoke<T>(T x, T slope)
            where T : unmanaged, INumber<T> => x < T.Zero ? slope * x : x;
    }
}
