using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX NonZero (opsets 9, 13): the int64 coordinates, one column per element, of the input's nonzero (true)
/// elements in row-major order, shape [rank, count]. The count is data-dependent, so the input must be constant
/// at import (constant folding then computes it). Any element type; NaN counts as nonzero and −0 as zero.
/// </summary>
public sealed class NonZero : Operator
{
    /// <inheritdoc />
    public override string OpType => "NonZero";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [TensorInfo.Of(Compute(DataDependent.RequireConstant(node, inputs, 0, "X")))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Compute(RequireInput(node, inputs, 0))];

    private static Tensor Compute(Tensor x)
    {
        var positions = new List<int>();
        for (int i = 0; i < x.Length; i++)
        {
            if (x.GetAsDouble(i) != 0 || double.IsNaN(x.GetAsDouble(i)))
            {
                positions.Add(i);
            }
        }

        int rank = x.Shape.Rank, count = positions.Count;
        int[] strides = x.Shape.Strides();
        var y = new long[rank * count];
        for (int j = 0; j < count; j++)
        {
            int rest = positions[j];
            for (int d = 0; d < rank; d++)
            {
                y[(d * count) + j] = rest / strides[d];
                rest %= strides[d];
            }
        }

        return Tensor.FromInt64(y, new TensorShape(rank, count));
    }
}
