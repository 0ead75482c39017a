using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Compress (opsets 9, 11): the slices along <c>axis</c> (or, without axis, the elements of the flattened
/// input) where the bool <c>condition</c> is true; a condition shorter than the axis leaves the rest out. The
/// output length is data-dependent, so <c>condition</c> must be constant at import; the input may be computed at
/// run time. Any element type.
/// </summary>
public sealed class Compress : Operator
{
    /// <inheritdoc />
    public override string OpType => "Compress";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var condition = DataDependent.RequireConstant(node, inputs, 1, "condition");
        return [new TensorInfo(x.Type, Plan(node, x.Shape, condition, out _, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = Plan(node, x.Shape, RequireInput(node, inputs, 1), out var kept, out int axis);
        int outer = axis < 0 ? 1 : OperatorInputs.Product(x.Shape.Dimensions, 0, axis);
        int dim = axis < 0 ? x.Length : x.Shape[axis];
        int inner = axis < 0 ? 1 : OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank);
        var source = new int[shape.ElementCount];
        int n = 0;
        for (int o = 0; o < outer; o++)
        {
            foreach (int k in kept)
            {
                for (int i = 0; i < inner; i++)
                {
                    source[n++] = (((o * dim) + k) * inner) + i;
                }
            }
        }

        var y = Tensor.Zeros(x.Type, shape);
        IndexedCopy.Gather(x, source, y);
        return [y];
    }

    private static TensorShape Plan(Node node, TensorShape x, Tensor condition, out List<int> kept, out int axis)
    {
        if (condition.Type != DataType.Bool || condition.Shape.Rank != 1)
        {
            throw node.Error($"input 1 (condition) must be a 1-D bool tensor, found {condition.Type}{condition.Shape}.");
        }

        axis = node.Attributes.ContainsKey("axis") ? OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), x.Rank, "axis") : -1;
        int dim = axis < 0 ? x.ElementCount : x[axis];
        var flags = condition.AsSpan<bool>();
        if (flags.Length > dim)
        {
            throw node.Error($"input 1 (condition) has {flags.Length} entries; the {(axis < 0 ? "flattened input" : $"axis {axis} of input {x}")} has only {dim}.");
        }

        kept = [];
        for (int k = 0; k < flags.Length; k++)
        {
            if (flags[k])
            {
                kept.Add(k);
            }
        }

        if (axis < 0)
        {
            return new TensorShape(kept.Count);
        }

        var dims = x.Dimensions.ToArray();
        dims[axis] = kept.Count;
        return new TensorShape(dims);
    }
}
