using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX CumSum (opsets 11, 14): running sums along the axis given by the int32/int64 scalar input 1 (it may be
/// computed at run time; negative counts from the end); <c>exclusive</c> = 1 leaves out the element itself,
/// <c>reverse</c> = 1 sums from the end. Numeric element types (ONNX Runtime: fp32, fp64, int32, int64).
/// </summary>
public sealed class CumSum : Operator
{
    /// <inheritdoc />
    public override string OpType => "CumSum";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["exclusive", "reverse"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var axis = RequireInput(node, inputs, 1);
        if (x.Type == DataType.Bool)
        {
            throw node.Error("input 0 must be numeric, found Bool.");
        }

        if (axis.Type is not (DataType.Int32 or DataType.Int64) || axis.Shape.ElementCount != 1 || axis.Shape.Rank > 1)
        {
            throw node.Error($"input 1 (axis) must be an int32 or int64 scalar, found {axis.Type}{axis.Shape}.");
        }

        if (axis.Constant is { } c)
        {
            OperatorInputs.NormalizeAxis(node, c.GetAsInt64(0), x.Shape.Rank, "axis");
        }

        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        InferOutputs(node, OperatorInputs.Describe(inputs));
        int axis = OperatorInputs.NormalizeAxis(node, RequireInput(node, inputs, 1).GetAsInt64(0), x.Shape.Rank, "axis");
        var y = Tensor.Zeros(x.Type, x.Shape);
        var visitor = new Visitor(
            x,
            y,
            OperatorInputs.Product(x.Shape.Dimensions, 0, axis),
            x.Shape[axis],
            OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank),
            node.Attributes.GetInt("exclusive", 0) != 0,
            node.Attributes.GetInt("reverse", 0) != 0);
        return [x.Type.VisitNumber<Visitor, Tensor>(ref visitor)];
    }

    private readonly struct Visitor(Tensor x, Tensor y, int outer, int dim, int inner, bool exclusive, bool reverse) : INumberVisitor<Tensor>
    {
        public Tensor Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> source = x.AsSpan<T>();
            Span<T> destination = y.AsSpan<T>();
            var sum = new T[inner];
            for (int o = 0; o < outer; o++)
            {
                Array.Clear(sum);
                for (int step = 0; step < dim; step++)
                {
                    int at = (((o * dim) + (reverse ? dim - 1 - step : step)) * inner);
                    var row = source.Slice(at, inner);
                    var output = destination.Slice(at, inner);
                    for (int i = 0; i < inner; i++)
                    {
                        if (exclusive)
                        {
                            output[i] = sum[i];
                            sum[i] += row[i];
                        }
                        else
                        {
                            sum[i] += row[i];
                            output[i] = sum[i];
                        }
                    }
                }
            }

            return y;
        }
    }
}
