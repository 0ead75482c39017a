using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MaxUnpool (opsets 9–21): the partial inverse of MaxPool. Y is zeros of the unpooled shape with
/// Y.flat[I[j]] = X.flat[j] (I holds MaxPool's flat indices into the whole output; a later duplicate index wins).
/// The shape is (in − 1)·stride + kernel − pad_begin − pad_end per spatial axis, or the optional third input
/// <c>output_shape</c>, which must be constant and at least as large. X may be fp32, fp64 or fp16 (elements move as bits).
/// </summary>
/// <remarks>
/// With <c>output_shape</c>, I indexes the given shape, as in ONNX Runtime and PyTorch (MaxPool's indices are flat
/// positions in its input, whose shape output_shape restores). ONNX's reference implementation instead scatters into the
/// inferred shape and pads it at the end, so its backend test <c>test_maxunpool_export_with_output_shape</c> expects
/// another result than ONNX Runtime gives; Memflux follows ONNX Runtime.
/// </remarks>
public sealed class MaxUnpool : Operator
{
    /// <inheritdoc />
    public override string OpType => "MaxUnpool";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["kernel_shape", "pads", "strides"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [new TensorInfo(RequireInput(node, inputs, 0).Type, OutputShape(node, inputs))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var y = Tensor.Zeros(x.Type, OutputShape(node, OperatorInputs.Describe(inputs)));
        var index = indices.Int64;
        for (int j = 0; j < index.Length; j++)
        {
            if (index[j] < 0 || index[j] >= y.Length)
            {
                throw node.Error($"input I holds {index[j]} at position {j}; expected a flat index into the output {y.Shape} (0 to {y.Length - 1}).");
            }
        }

        switch (x.Type.Size())
        {
            case 2: Scatter(x.Bits<ushort>(), index, y.Bits<ushort>()); break;
            case 4: Scatter(x.Bits<uint>(), index, y.Bits<uint>()); break;
            default: Scatter(x.Bits<ulong>(), index, y.Bits<ulong>()); break;
        }

        return [y];
    }

    private static void Scatter<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> index, Span<T> y)
    {
        for (int j = 0; j < x.Length; j++)
        {
            y[(int)index[j]] = x[j];
        }
    }

    private static TensorShape OutputShape(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        if (x.Type is not (DataType.Float32 or DataType.Float64 or DataType.Float16))
        {
            throw node.Error($"input X must be Float32, Float64 or Float16; found {x.Type}.");
        }

        if (indices.Type != DataType.Int64 || !indices.Shape.Equals(x.Shape))
        {
            throw node.Error($"input I is {indices.Type} {indices.Shape}; expected Int64 of X's shape {x.Shape} (MaxPool's Indices output).");
        }

        int spatial = x.Shape.Rank - 2;
        var kernel = SpatialWindow.RequireKernelShape(node);
        if (spatial < 1 || kernel.Length != spatial)
        {
            throw node.Error($"input X has shape {x.Shape} and 'kernel_shape' has {kernel.Length} values; expected X of rank 2 + {kernel.Length} (N, C, spatial...).");
        }

        var strides = node.Attributes.GetInts("strides") ?? [.. Enumerable.Repeat(1L, spatial)];
        var pads = node.Attributes.GetInts("pads") ?? [.. Enumerable.Repeat(0L, 2 * spatial)];
        // Bounded to int first: the size below is then exact in 64 bits (a stride of 2^62 wrapped it to a plausible size).
        if (strides.Count != spatial || strides.Any(s => s is < 1 or > int.MaxValue))
        {
            throw node.Error($"attribute 'strides' [{string.Join(",", strides)}] must hold {spatial} values from 1 to {int.MaxValue}.");
        }

        if (pads.Count != 2 * spatial || pads.Any(p => p is < 0 or > int.MaxValue))
        {
            throw node.Error($"attribute 'pads' [{string.Join(",", pads)}] must hold {2 * spatial} values from 0 to {int.MaxValue} (begin..., end...).");
        }

        var dims = new int[x.Shape.Rank];
        dims[0] = x.Shape[0];
        dims[1] = x.Shape[1];
        for (int i = 0; i < spatial; i++)
        {
            long size = ((x.Shape[i + 2] - 1L) * strides[i]) + kernel[i] - pads[i] - pads[i + spatial];
            if (size < 1 || size > int.MaxValue)
            {
                throw node.Error($"spatial dimension {i} unpools to {size}; expected a positive size (input {x.Shape[i + 2]}, stride {strides[i]}, kernel {kernel[i]}, pads {pads[i]}+{pads[i + spatial]}).");
            }

            dims[i + 2] = (int)size;
        }

        var inferred = new TensorShape(dims);
        var given = OperatorInputs.ConstantIntsOrNull(node, inputs, 2, "output_shape");
        if (given is null)
        {
            return inferred;
        }

        if (given.Length != dims.Length || given.Any(d => d < 0 || d > int.MaxValue))
        {
            throw node.Error($"input output_shape is [{string.Join(",", given)}]; expected {dims.Length} sizes ≥ 0 (the shape of Y).");
        }

        var shape = new TensorShape([.. given.Select(d => (int)d)]);
        if (shape.ElementCount < inferred.ElementCount)
        {
            throw node.Error($"input output_shape {shape} holds fewer elements than the unpooled shape {inferred}.");
        }

        return shape;
    }
}
