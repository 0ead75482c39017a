using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Concat: joins inputs of equal rank and type along <c>axis</c> (required; negative counts from the end).</summary>
public sealed class Concat : Operator
{
    /// <inheritdoc />
    public override string OpType => "Concat";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MaxInputs => int.MaxValue;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var shapes = new TensorShape[inputs.Count];
        var first = RequireInput(node, inputs, 0);
        for (int i = 0; i < inputs.Count; i++)
        {
            var info = RequireInput(node, inputs, i);
            if (info.Type != first.Type)
            {
                throw node.Error($"input {i} is {info.Type}; input 0 is {first.Type} (all inputs must have one type).");
            }

            shapes[i] = info.Shape;
        }

        return [new TensorInfo(first.Type, OutputShape(node, shapes, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var xs = new Tensor[inputs.Count];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = RequireInput(node, inputs, i);
        }

        var shape = OutputShape(node, [.. xs.Select(x => x.Shape)], out int axis);
        var y = Tensor.Zeros(xs[0].Type, shape);
        switch (y.Type.Size())
        {
            case 1: ConcatCore(xs, axis, t => t.Bits<byte>(), y.Bits<byte>()); break;
            case 2: ConcatCore(xs, axis, t => t.Bits<ushort>(), y.Bits<ushort>()); break;
            case 4: ConcatCore(xs, axis, t => t.Bits<uint>(), y.Bits<uint>()); break;
            default: ConcatCore(xs, axis, t => t.Bits<ulong>(), y.Bits<ulong>()); break;
        }

        return [y];
    }

    private static void ConcatCore<T>(Tensor[] xs, int axis, ElementsOf<T> data, Span<T> y)
    {
        int outer = OperatorInputs.Product(xs[0].Shape.Dimensions, 0, axis);
        int rowLength = y.Length / Math.Max(outer, 1);
        int offset = 0;
        foreach (var x in xs)
        {
            ReadOnlySpan<T> source = data(x);
            int block = outer == 0 ? 0 : source.Length / outer;
            for (int o = 0; o < outer; o++)
            {
                source.Slice(o * block, block).CopyTo(y.Slice((o * rowLength) + offset, block));
            }

            offset += block;
        }
    }

    private static TensorShape OutputShape(Node node, TensorShape[] shapes, out int axis)
    {
        var first = shapes[0];
        if (first.Rank == 0)
        {
            throw node.Error("inputs must have rank 1 or more; input 0 is a scalar.");
        }

        axis = OperatorInputs.NormalizeAxis(node, node.Attributes.RequireInt("axis"), first.Rank, "axis");
        var dims = first.Dimensions.ToArray();
        for (int i = 1; i < shapes.Length; i++)
        {
            var s = shapes[i];
            if (s.Rank != first.Rank)
            {
                throw node.Error($"input {i} has shape {s}, rank {s.Rank}; input 0 has shape {first}, rank {first.Rank}.");
            }

            for (int d = 0; d < dims.Length; d++)
            {
                if (d != axis && s[d] != first[d])
                {
                    throw node.Error($"input {i} has shape {s}; it must match input 0 {first} in every dimension but axis {axis}.");
                }
            }

            // Checked: axis sizes of empty inputs summed past 2^31 wrapped to a plausible size (issue 18 §4).
            long size = (long)dims[axis] + s[axis];
            dims[axis] = size <= int.MaxValue ? (int)size
                : throw node.Error($"the inputs' sizes along axis {axis} add up to more than {int.MaxValue}; expected a concatenation below 2^31.");
        }

        return new TensorShape(dims);
    }
}
