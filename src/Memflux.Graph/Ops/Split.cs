using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Split along <c>axis</c> into the node's outputs: sizes from the <c>split</c> attribute (before opset 13)
/// or the constant input 1 (from 13); else, from opset 18, <c>num_outputs</c> chunks of ⌈d/n⌉ with a smaller last
/// one; else (before opset 18) equal parts.
/// </summary>
public sealed class Split : Operator
{
    /// <inheritdoc />
    public override string OpType => "Split";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "split", "num_outputs"];

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (axis, sizes) = Plan(node, x.Shape, inputs);
        return [.. sizes.Select(size => new TensorInfo(x.Type, WithDim(x.Shape, axis, size)))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (axis, sizes) = Plan(node, x.Shape, OperatorInputs.Describe(inputs));
        var ys = sizes.Select(size => Tensor.Zeros(x.Type, WithDim(x.Shape, axis, size))).ToArray();
        int outer = OperatorInputs.Product(x.Shape.Dimensions, 0, axis);
        int inner = OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank);
        switch (x.Type.Size())
        {
            case 1: SplitCore(x.Bits<byte>(), outer, inner * x.Shape[axis], inner, sizes, ys, t => t.Bits<byte>()); break;
            case 2: SplitCore(x.Bits<ushort>(), outer, inner * x.Shape[axis], inner, sizes, ys, t => t.Bits<ushort>()); break;
            case 4: SplitCore(x.Bits<uint>(), outer, inner * x.Shape[axis], inner, sizes, ys, t => t.Bits<uint>()); break;
            default: SplitCore(x.Bits<ulong>(), outer, inner * x.Shape[axis], inner, sizes, ys, t => t.Bits<ulong>()); break;
        }

        return ys;
    }

    private static void SplitCore<T>(ReadOnlySpan<T> x, int outer, int rowLength, int inner, int[] sizes, Tensor[] outputs, ElementsOf<T> elements)
    {
        int offset = 0;
        for (int k = 0; k < sizes.Length; k++)
        {
            int block = sizes[k] * inner;
            var y = elements(outputs[k]);
            for (int o = 0; o < outer; o++)
            {
                x.Slice((o * rowLength) + offset, block).CopyTo(y.Slice(o * block, block));
            }

            offset += block;
        }
    }

    private static TensorShape WithDim(TensorShape shape, int axis, int size)
    {
        var dims = shape.Dimensions.ToArray();
        dims[axis] = size;
        return new TensorShape(dims);
    }

    private static (int Axis, int[] Sizes) Plan(Node node, TensorShape shape, IReadOnlyList<TensorInfo?> inputs)
    {
        if (shape.Rank == 0)
        {
            throw node.Error("the input must have rank 1 or more; found a scalar.");
        }

        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), shape.Rank, "axis");
        int dim = shape[axis];
        int n = node.Outputs.Count;
        long[]? split;
        if (node.Opset < 13)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 13 split is an attribute; found {inputs.Count} inputs, expected 1.");
            }

            split = node.Attributes.GetInts("split")?.ToArray();
        }
        else
        {
            if (node.Attributes.ContainsKey("split"))
            {
                throw node.Error("from opset 13 split is input 1, not an attribute.");
            }

            split = OperatorInputs.ConstantIntsOrNull(node, inputs, 1, "split");
        }

        if (node.Attributes.ContainsKey("num_outputs"))
        {
            if (node.Opset < 18)
            {
                throw node.Error("attribute 'num_outputs' exists from opset 18.");
            }

            if (split is not null)
            {
                throw node.Error("give either input 'split' or attribute 'num_outputs', not both.");
            }

            long count = node.Attributes.GetInt("num_outputs", n);
            if (count != n)
            {
                throw node.Error($"num_outputs is {count} but the node has {n} outputs.");
            }

            int chunk = (dim + n - 1) / n;
            int last = dim - (chunk * (n - 1));
            if (last < 0)
            {
                throw node.Error($"cannot split dimension {axis} of size {dim} into {n} chunks of {chunk}.");
            }

            return (axis, [.. Enumerable.Repeat(chunk, n - 1), last]);
        }

        if (split is null)
        {
            if (node.Opset >= 18)
            {
                throw node.Error("from opset 18 either input 'split' or attribute 'num_outputs' must be given (ONNX Runtime rejects an implicit equal split).");
            }

            if (dim % n != 0)
            {
                throw node.Error($"dimension {axis} of shape {shape} has size {dim}, which does not split into {n} equal parts.");
            }

            return (axis, [.. Enumerable.Repeat(dim / n, n)]);
        }

        string found = "[" + string.Join(",", split) + "]";
        // Each entry within the dimension before the sum (a checked sum of huge entries threw an internal overflow).
        if (split.Length != n || split.Any(s => s < 0 || s > dim) || split.Sum() != dim)
        {
            throw node.Error($"split {found} must have {n} non-negative entries (one per output) summing to {dim}, the size of dimension {axis} of {shape}.");
        }

        return (axis, [.. split.Select(s => (int)s)]);
    }
}
