using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Slice: starts/ends/axes as attributes before opset 10; from opset 10 constant inputs starts, ends and
/// optional axes and steps (negative steps walk backwards). Negative starts/ends count from the end; then
/// starts clamp to [0, d] (step &gt; 0) or [0, d−1] (step &lt; 0) and ends to [0, d] or [−1, d−1], as the spec says.
/// </summary>
public sealed class Slice : Operator
{
    /// <inheritdoc />
    public override string OpType => "Slice";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["starts", "ends", "axes"];

    /// <inheritdoc />
    public override int MaxInputs => 5;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (_, _, shape) = Plan(node, x.Shape, inputs);
        return [new TensorInfo(x.Type, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (offset, strides, shape) = Plan(node, x.Shape, OperatorInputs.Describe(inputs));
        var y = Tensor.Zeros(x.Type, shape);
        StridedCopy.Copy(x, offset, shape.Dimensions, strides, y);

        return [y];
    }

    /// <summary>The source offset of the first element, the source stride per output dimension, and the output shape.</summary>
    private static (long Offset, long[] Strides, TensorShape Shape) Plan(Node node, TensorShape shape, IReadOnlyList<TensorInfo?> inputs)
    {
        long[] starts, ends;
        long[]? axes, steps = null;
        if (node.Opset < 10)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 10 starts/ends/axes are attributes; found {inputs.Count} inputs, expected 1.");
            }

            starts = [.. node.Attributes.RequireInts("starts")];
            ends = [.. node.Attributes.RequireInts("ends")];
            axes = node.Attributes.GetInts("axes")?.ToArray();
        }
        else
        {
            if (node.Attributes.Count > 0)
            {
                throw node.Error("from opset 10 starts, ends, axes and steps are inputs, not attributes.");
            }

            starts = OperatorInputs.RequireConstantInts(node, inputs, 1, "starts");
            ends = OperatorInputs.RequireConstantInts(node, inputs, 2, "ends");
            axes = OperatorInputs.ConstantIntsOrNull(node, inputs, 3, "axes");
            steps = OperatorInputs.ConstantIntsOrNull(node, inputs, 4, "steps");
        }

        int rank = shape.Rank;
        axes ??= [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        steps ??= [.. Enumerable.Repeat(1L, starts.Length)];
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
        {
            throw node.Error($"starts, ends, axes and steps must have equal lengths; found {starts.Length}, {ends.Length}, {axes.Length}, {steps.Length}.");
        }

        int[] normalized = OperatorInputs.NormalizeAxes(node, axes, rank, "axis");
        int[] strides = shape.Strides();
        var dims = shape.Dimensions.ToArray();
        long[] sourceStrides = [.. strides.Select(s => (long)s)];
        long offset = 0;
        for (int i = 0; i < normalized.Length; i++)
        {
            int a = normalized[i];
            long d = shape[a], step = steps[i];
            if (step == 0)
            {
                throw node.Error($"step for axis {axes[i]} is 0; steps must be nonzero.");
            }

            long start = starts[i] < 0 ? starts[i] + d : starts[i];
            long end = ends[i] < 0 ? ends[i] + d : ends[i];
            long count;
            if (step > 0)
            {
                start = Math.Clamp(start, 0, d);
                end = Math.Clamp(end, 0, d);
                count = end > start ? ((end - start - 1) / step) + 1 : 0;
            }
            else
            {
                start = Math.Clamp(start, 0, Math.Max(d - 1, 0));
                end = Math.Clamp(end, -1, d - 1);
                long magnitude = step == long.MinValue ? long.MaxValue : -step; // −long.MinValue wraps to itself
                count = start > end && d > 0 ? ((start - end - 1) / magnitude) + 1 : 0;
            }

            dims[a] = (int)count;

            // A step beyond the axis takes one element and its stride is never walked; step × stride would wrap.
            sourceStrides[a] = count > 1 ? step * strides[a] : 0;
            offset += count > 0 ? start * strides[a] : 0;
        }

        return (offset, sourceStrides, new TensorShape(dims));
    }
}
