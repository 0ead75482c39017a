using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Gather: picks entries of <c>data</c> along <c>axis</c> at int32 or int64 <c>indices</c> (negative count from the end).
/// The output shape is data[:axis] + indices.shape + data[axis+1:]; indices may be computed at run time.
/// </summary>
public sealed class Gather : Operator
{
    /// <inheritdoc />
    public override string OpType => "Gather";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        OperatorInputs.RequireIndexType(node, indices, 1);

        return [new TensorInfo(data.Type, OutputShape(node, data.Shape, indices.Shape, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var y = Tensor.Zeros(data.Type, OutputShape(node, data.Shape, indices.Shape, out int axis));
        int outer = OperatorInputs.Product(data.Shape.Dimensions, 0, axis);
        int inner = OperatorInputs.Product(data.Shape.Dimensions, axis + 1, data.Shape.Rank);
        var index = OperatorInputs.Indices(node, indices, 1);
        switch (data.Type.Size())
        {
            case 1: GatherCore(node, data.Bits<byte>(), data.Shape[axis], outer, inner, index, y.Bits<byte>()); break;
            case 2: GatherCore(node, data.Bits<ushort>(), data.Shape[axis], outer, inner, index, y.Bits<ushort>()); break;
            case 4: GatherCore(node, data.Bits<uint>(), data.Shape[axis], outer, inner, index, y.Bits<uint>()); break;
            default: GatherCore(node, data.Bits<ulong>(), data.Shape[axis], outer, inner, index, y.Bits<ulong>()); break;
        }

        return [y];
    }

    private static void GatherCore<T>(Node node, ReadOnlySpan<T> data, int dim, int outer, int inner, ReadOnlySpan<long> indices, Span<T> y)
    {
        for (int j = 0; j < indices.Length; j++)
        {
            if (indices[j] < -dim || indices[j] >= dim)
            {
                throw node.Error($"index {indices[j]} (at position {j} of input 1) is out of range for a dimension of size {dim} (expected {-dim} to {dim - 1}).");
            }
        }

        int dst = 0;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < indices.Length; j++, dst += inner)
            {
                long index = indices[j] < 0 ? indices[j] + dim : indices[j];
                data.Slice((int)(((o * (long)dim) + index) * inner), inner).CopyTo(y.Slice(dst, inner));
            }
        }
    }

    private static TensorShape OutputShape(Node node, TensorShape data, TensorShape indices, out int axis)
    {
        if (data.Rank == 0)
        {
            throw node.Error("input 0 (data) must have rank 1 or more; found a scalar.");
        }

        axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), data.Rank, "axis");
        var dims = data.Dimensions[..axis].ToArray().Concat(indices.Dimensions.ToArray()).Concat(data.Dimensions[(axis + 1)..].ToArray());
        return new TensorShape([.. dims]);
    }
}
