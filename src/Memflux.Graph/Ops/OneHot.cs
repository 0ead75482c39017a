using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX OneHot (opsets 9, 11): a new dimension of size <c>depth</c> inserted at <c>axis</c> (default −1, the last)
/// that is values[1] where it equals the index and values[0] elsewhere. Indices of any numeric type and rank 1 or
/// more (negative ones count from the end of depth; fractional or out-of-range ones match no class, giving a row of
/// values[0]); depth a constant numeric scalar (truncated; it sets the shape); values two elements of any type, which is the output's.
/// </summary>
public sealed class OneHot : Operator
{
    /// <inheritdoc />
    public override string OpType => "OneHot";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var indices = RequireInput(node, inputs, 0);
        var depth = RequireInput(node, inputs, 1);
        var values = RequireInput(node, inputs, 2);
        if (depth.Constant is null)
        {
            throw node.Error("input 1 (depth) is computed at run time; it sets the output shape, so it must be constant at import (an initializer or a Constant).");
        }

        return [new TensorInfo(values.Type, Plan(node, indices, depth.Constant, values, out _, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var indices = RequireInput(node, inputs, 0);
        var values = RequireInput(node, inputs, 2);
        var shape = Plan(node, TensorInfo.Of(indices), RequireInput(node, inputs, 1), TensorInfo.Of(values), out int axis, out int depth);
        var y = Tensor.Zeros(values.Type, shape);
        int outer = OperatorInputs.Product(indices.Shape.Dimensions, 0, axis);
        int inner = OperatorInputs.Product(indices.Shape.Dimensions, axis, indices.Shape.Rank);
        switch (values.Type.Size())
        {
            case 1: Fill(indices, values.Bits<byte>(), y.Bits<byte>(), outer, depth, inner); break;
            case 2: Fill(indices, values.Bits<ushort>(), y.Bits<ushort>(), outer, depth, inner); break;
            case 4: Fill(indices, values.Bits<uint>(), y.Bits<uint>(), outer, depth, inner); break;
            default: Fill(indices, values.Bits<ulong>(), y.Bits<ulong>(), outer, depth, inner); break;
        }

        return [y];
    }

    private static void Fill<T>(Tensor indices, ReadOnlySpan<T> values, Span<T> y, int outer, int depth, int inner)
        where T : unmanaged
    {
        y.Fill(values[0]);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                // As ONNX compares indices with 0..depth−1, a fractional index matches no class.
                double index = indices.GetAsDouble((o * inner) + i);
                index = index < 0 ? index + depth : index;
                if (index >= 0 && index < depth && index == Math.Floor(index))
                {
                    y[(int)((((o * (long)depth) + (long)index) * inner) + i)] = values[1];
                }
            }
        }
    }

    private static TensorShape Plan(Node node, TensorInfo indices, Tensor depthTensor, TensorInfo values, out int axis, out int depth)
    {
        if (indices.Type == DataType.Bool || depthTensor.Type == DataType.Bool)
        {
            throw node.Error($"inputs 0 (indices) and 1 (depth) must be numeric, found {indices.Type} and {depthTensor.Type}.");
        }

        if (depthTensor.Length != 1 || depthTensor.Shape.Rank > 1)
        {
            throw node.Error($"input 1 (depth) must be a scalar or a one-element vector, found shape {depthTensor.Shape}.");
        }

        if (values.Shape.Rank != 1 || values.Shape[0] != 2)
        {
            throw node.Error($"input 2 (values) must be a vector of two elements [off, on], found shape {values.Shape}.");
        }

        if (indices.Shape.Rank == 0)
        {
            throw node.Error("input 0 (indices) must have rank 1 or more (ONNX Runtime rejects a scalar); found a scalar.");
        }

        double d = Math.Truncate(depthTensor.GetAsDouble(0));
        if (d < 1 || d > int.MaxValue)
        {
            throw node.Error($"input 1 (depth) is {depthTensor.GetAsDouble(0)}; it must be 1 or more.");
        }

        depth = (int)d;
        int rank = indices.Shape.Rank + 1;
        axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", -1), rank, "axis");
        int[] dims = [.. indices.Shape.Dimensions[..axis], depth, .. indices.Shape.Dimensions[axis..]];
        return new TensorShape(dims);
    }
}
