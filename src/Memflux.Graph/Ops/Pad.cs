using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Pad: pads (begin values for every axis, then end values; negative crops) and the fill value are the
/// attributes <c>pads</c>/<c>value</c> before opset 11, and from opset 11 the constant input pads, the optional
/// scalar input constant_value, and (opset 18) the optional constant input axes. Modes: constant (default),
/// reflect (mirror without repeating the edge), edge (repeat the edge) and, from opset 19, wrap (periodic); as in
/// the ONNX reference, negative pads crop first and the other modes read the cropped tensor. Any element type.
/// </summary>
public sealed class Pad : Operator
{
    /// <inheritdoc />
    public override string OpType => "Pad";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["mode", "pads", "value"];

    /// <inheritdoc />
    public override int MaxInputs => 4;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (node.Opset >= 11 && inputs.Count > 2 && inputs[2] is { } value && (value.Type != x.Type || value.Shape.ElementCount != 1))
        {
            throw node.Error($"input 2 (constant_value) must be a {x.Type} scalar, found {value.Type}{value.Shape}.");
        }

        var (_, _, shape) = Plan(node, x.Shape, inputs);
        return [new TensorInfo(x.Type, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (begin, end, shape) = Plan(node, x.Shape, OperatorInputs.Describe(inputs));
        var fill = node.Opset < 11 ? null : inputs.Count > 2 ? inputs[2] : null;
        var y = Tensor.Zeros(x.Type, shape);
        string mode = node.Attributes.GetString("mode", "constant");
        if (mode != "constant")
        {
            IndexedCopy.Gather(x, PadModes.SourceIndices(node, mode, x.Shape, begin, end, shape), y);
            return [y];
        }

        if (fill is not null)
        {
            Fill(y, fill);
        }
        else
        {
            float value = node.Attributes.GetFloat("value", 0f);
            switch (x.Type)
            {
                case DataType.Float32: y.Float32.Fill(value); break;
                case DataType.Float64: y.AsSpan<double>().Fill(value); break;
                case DataType.Float16: y.AsSpan<Half>().Fill((Half)value); break;
                default:
                    if (value != 0)
                    {
                        throw node.Error($"attribute 'value' {value} applies to floating-point inputs; the input is {x.Type}.");
                    }

                    break;
            }
        }

        switch (x.Type.Size())
        {
            case 1: PadCore(x.Bits<byte>(), x.Shape, begin, y.Bits<byte>(), shape); break;
            case 2: PadCore(x.Bits<ushort>(), x.Shape, begin, y.Bits<ushort>(), shape); break;
            case 4: PadCore(x.Bits<uint>(), x.Shape, begin, y.Bits<uint>(), shape); break;
            default: PadCore(x.Bits<ulong>(), x.Shape, begin, y.Bits<ulong>(), shape); break;
        }

        return [y];
    }

    /// <summary>Fills <paramref name="y"/> with the one element of <paramref name="value"/> (same type).</summary>
    private static void Fill(Tensor y, Tensor value)
    {
        var element = value.Bytes[..value.Type.Size()];
        var bytes = y.Bytes;
        for (int i = 0; i < bytes.Length; i += element.Length)
        {
            element.CopyTo(bytes[i..]);
        }
    }

    /// <summary>Copies the part of x that survives cropping into y at offset <paramref name="begin"/> (y is already filled).</summary>
    private static void PadCore<T>(ReadOnlySpan<T> x, TensorShape xShape, long[] begin, Span<T> y, TensorShape yShape)
    {
        int rank = xShape.Rank;
        if (rank == 0)
        {
            x.CopyTo(y);
            return;
        }

        // The source box: per axis [lo, hi) of x that lands inside y.
        Span<int> lo = stackalloc int[rank];
        Span<int> hi = stackalloc int[rank];
        for (int d = 0; d < rank; d++)
        {
            lo[d] = (int)Math.Max(0, -begin[d]);
            hi[d] = (int)Math.Min(xShape[d], yShape[d] - begin[d]);
            if (hi[d] <= lo[d])
            {
                return;
            }
        }

        int[] xStrides = xShape.Strides(), yStrides = yShape.Strides();
        Span<int> counters = stackalloc int[rank];
        lo.CopyTo(counters);
        int run = hi[rank - 1] - lo[rank - 1];
        while (true)
        {
            int src = 0, dst = 0;
            for (int d = 0; d < rank; d++)
            {
                src += counters[d] * xStrides[d];
                dst += (int)(counters[d] + begin[d]) * yStrides[d];
            }

            x.Slice(src, run).CopyTo(y.Slice(dst, run));
            int axis = rank - 2;
            for (; axis >= 0; axis--)
            {
                if (++counters[axis] < hi[axis])
                {
                    break;
                }

                counters[axis] = lo[axis];
            }

            if (axis < 0)
            {
                return;
            }
        }
    }

    private static (long[] Begin, long[] End, TensorShape Shape) Plan(Node node, TensorShape shape, IReadOnlyList<TensorInfo?> inputs)
    {
        string mode = node.Attributes.GetString("mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge" or "wrap"))
        {
            throw node.Error($"mode \"{mode}\" is not one of constant, reflect, edge, wrap.");
        }

        if (mode == "wrap" && node.Opset < 19)
        {
            throw node.Error("mode \"wrap\" exists from opset 19.");
        }

        long[] pads;
        long[]? axes = null;
        if (node.Opset < 11)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 11 pads and value are attributes; found {inputs.Count} inputs, expected 1.");
            }

            pads = [.. node.Attributes.RequireInts("pads")];
        }
        else
        {
            if (node.Attributes.ContainsKey("pads") || node.Attributes.ContainsKey("value"))
            {
                throw node.Error("from opset 11 pads and constant_value are inputs, not attributes.");
            }

            pads = OperatorInputs.RequireConstantInts(node, inputs, 1, "pads");
            axes = OperatorInputs.ConstantIntsOrNull(node, inputs, 3, "axes");
            if (axes is not null && node.Opset < 18)
            {
                throw node.Error("input 3 (axes) exists from opset 18.");
            }
        }

        int rank = shape.Rank;
        int[] axisList = axes is null ? [.. Enumerable.Range(0, rank)] : OperatorInputs.NormalizeAxes(node, axes, rank, "axis");
        if (pads.Length != 2 * axisList.Length)
        {
            throw node.Error($"pads has {pads.Length} values; expected {2 * axisList.Length} (begin and end for each of {axisList.Length} axes of input {shape}).");
        }

        var begin = new long[rank];
        var end = new long[rank];
        var dims = new int[rank];
        for (int i = 0; i < axisList.Length; i++)
        {
            begin[axisList[i]] = pads[i];
            end[axisList[i]] = pads[i + axisList.Length];
        }

        for (int d = 0; d < rank; d++)
        {
            // Each pad within ±(2^31 − 1) first: long.MaxValue at both ends wrapped to a plausible size (issue 18 §4).
            if (begin[d] is < -int.MaxValue or > int.MaxValue || end[d] is < -int.MaxValue or > int.MaxValue)
            {
                throw node.Error($"pads [{string.Join(",", pads)}] hold {begin[d]} and {end[d]} for axis {d} of input {shape}; expected pads within ±{int.MaxValue}.");
            }

            long size = shape[d] + begin[d] + end[d];
            if (size < 0 || size > int.MaxValue)
            {
                throw node.Error($"pads [{string.Join(",", pads)}] give axis {d} of input {shape} the size {size}.");
            }

            dims[d] = (int)size;
        }

        if (mode != "constant")
        {
            PadModes.Check(node, mode, shape, begin, end);
        }

        return (begin, end, new TensorShape(dims));
    }
}
