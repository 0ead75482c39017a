using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Hardmax: 1 at the first largest element and 0 elsewhere. From opset 13 along <c>axis</c> (default −1);
/// before 13 the input is seen as 2-D, [product of dimensions before axis, product from axis on] (default axis 1),
/// and each row of that matrix gets one 1. Floating-point element types.
/// </summary>
public sealed class Hardmax : Operator
{
    /// <inheritdoc />
    public override string OpType => "Hardmax";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Lines(node, x, out _, out _, out _);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Lines(node, TensorInfo.Of(x), out int outer, out int dim, out int inner);
        var y = Tensor.Zeros(x.Type, x.Shape);
        if (dim == 0 || x.Length == 0)
        {
            return [y];
        }

        var at = new long[outer * inner];
        ArgReduce.Indices(x, outer, dim, inner, largest: true, last: false, at);
        var visitor = default(OneVisitor);
        var one = x.Type.VisitNumber<OneVisitor, Tensor>(ref visitor).Bytes.ToArray();
        var bytes = y.Bytes;
        int size = x.Type.Size();
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                long index = (((o * (long)dim) + at[(o * inner) + i]) * inner) + i;
                one.CopyTo(bytes[(int)(index * size)..]);
            }
        }

        return [y];
    }

    /// <summary>The lines the maximum is taken over: outer × dim × inner, by the opset's rule.</summary>
    private static void Lines(Node node, TensorInfo x, out int outer, out int dim, out int inner)
    {
        if (!x.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be Float32, Float64 or Float16, found {x.Type}.");
        }

        int rank = x.Shape.Rank;
        if (node.Opset >= 13)
        {
            if (rank == 0)
            {
                throw node.Error("input 0 must have rank 1 or more; found a scalar.");
            }

            int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", -1), rank, "axis");
            outer = OperatorInputs.Product(x.Shape.Dimensions, 0, axis);
            dim = x.Shape[axis];
            inner = OperatorInputs.Product(x.Shape.Dimensions, axis + 1, rank);
            return;
        }

        // Before opset 13 axis may also equal the rank (every dimension in the rows).
        long a = node.Attributes.GetInt("axis", 1);
        long normalized = a < 0 ? a + rank : a;
        if (normalized < 0 || normalized > rank)
        {
            throw node.Error($"axis {a} is out of range for rank {rank} (expected {-rank} to {rank} before opset 13).");
        }

        outer = OperatorInputs.Product(x.Shape.Dimensions, 0, (int)normalized);
        dim = OperatorInputs.Product(x.Shape.Dimensions, (int)normalized, rank);
        inner = 1;
    }

    /// <summary>A one-element tensor holding 1 in the visited type.</summary>
    private readonly struct OneVisitor : INumberVisitor<Tensor>
    {
        public Tensor Visit<T>()
            where T : unmanaged, INumber<T> => Tensor.From(new[] { T.One }, new TensorShape(1));
    }
}
