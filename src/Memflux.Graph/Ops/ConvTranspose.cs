using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ConvTranspose (opsets 1–21) over 1-D, 2-D and 3-D inputs (N, C, spatial...) with weight (C, M/group, kernel...)
/// and optional bias (M): strides, pads, dilations, group, output_padding, output_shape and auto_pad.
/// </summary>
/// <remarks>
/// Per image and group, one GEMM forms every kernel tap's contribution, cols = Wᵀ·X ((M/group)·k × pixels), and a
/// col2im pass adds each column into the output at in·stride − pad + tap·dilation, in a fixed order (output channels
/// run in parallel; each is written by one thread), so results do not depend on thread count. Pads follow ONNX
/// Runtime and the ONNX spec: with output_shape (or SAME auto_pad) the total padding is split with the odd unit at the end
/// for SAME_UPPER and at the start otherwise, and output_shape overrides explicit pads.
/// </remarks>
public sealed class ConvTranspose : Operator
{
    /// <inheritdoc />
    public override string OpType => "ConvTranspose";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 1);
        var b = inputs.Count > 2 ? inputs[2] : null;
        return [new TensorInfo(DataType.Float32, Resolve(node, x, w, b).OutputShape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 1);
        var b = inputs.Count > 2 ? inputs[2] : null;
        var g = Resolve(node, TensorInfo.Of(x), TensorInfo.Of(w), b is null ? null : TensorInfo.Of(b));
        var y = Tensor.Zeros(DataType.Float32, g.OutputShape);
        float[] xData = x.Float32Array, wData = w.Float32Array, yData = y.Float32Array;
        int inPixels = g.In[0] * g.In[1] * g.In[2], outPixels = g.Out[0] * g.Out[1] * g.Out[2];
        int taps = g.Kernel[0] * g.Kernel[1] * g.Kernel[2];
        int cg = g.Channels / g.Groups, mg = g.OutChannels / g.Groups, rows = mg * taps;
        if (b is not null)
        {
            for (int n = 0; n < g.Batch; n++)
            {
                for (int m = 0; m < g.OutChannels; m++)
                {
                    yData.AsSpan(((n * g.OutChannels) + m) * outPixels, outPixels).Fill(b.Float32[m]);
                }
            }
        }

        if (inPixels == 0 || rows == 0 || outPixels == 0)
        {
            return [y];
        }

        var cols = new float[rows * inPixels];
        for (int n = 0; n < g.Batch; n++)
        {
            for (int group = 0; group < g.Groups; group++)
            {
                var xg = xData.AsSpan(((n * g.Channels) + (group * cg)) * inPixels, cg * inPixels);
                var wg = wData.AsSpan(group * cg * rows, cg * rows);
                Memflux.Numerics.Gemm.Multiply(true, false, rows, inPixels, cg, 1f, wg, rows, xg, inPixels, 0f, cols, inPixels);
                int firstChannel = (n * g.OutChannels) + (group * mg);
                PoolLoop.ForEachPlane(mg, (long)taps * inPixels, m => AddColumns(g, cols, m, yData, firstChannel + m));
            }
        }

        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var x = node.Inputs[0]?.Shape ?? throw node.Error("input shape is unknown; run shape inference before counting MACs.");
        var w = node.Inputs[1]?.Shape ?? throw node.Error("weight shape is unknown; run shape inference before counting MACs.");
        long perInput = 1;
        for (int i = 1; i < w.Rank; i++)
        {
            perInput *= w[i];
        }

        return x.ElementCount * perInput;
    }

    /// <summary>Adds output channel <paramref name="m"/>'s rows of cols (one per kernel tap) into its output plane.</summary>
    private static void AddColumns(Geometry g, float[] cols, int m, float[] yData, int outPlane)
    {
        int inPixels = g.In[0] * g.In[1] * g.In[2], outPixels = g.Out[0] * g.Out[1] * g.Out[2];
        var y = yData.AsSpan(outPlane * outPixels, outPixels);
        int taps = g.Kernel[0] * g.Kernel[1] * g.Kernel[2];
        int inW = g.In[2], outW = g.Out[2], sw = g.Strides[2];
        for (int tap = 0; tap < taps; tap++)
        {
            int kd = tap / (g.Kernel[1] * g.Kernel[2]), kh = tap / g.Kernel[2] % g.Kernel[1], kw = tap % g.Kernel[2];
            var col = new ReadOnlySpan<float>(cols, ((m * taps) + tap) * inPixels, inPixels);
            int offsetW = (kw * g.Dilations[2]) - g.PadBegin[2];

            // Input columns iw whose output column iw·sw + offsetW lies in [0, outW).
            int iwBegin = offsetW >= 0 ? 0 : (-offsetW + sw - 1) / sw;
            int iwEnd = Math.Min(inW, outW - offsetW <= 0 ? 0 : ((outW - offsetW - 1) / sw) + 1);
            for (int id = 0; id < g.In[0]; id++)
            {
                int od = (id * g.Strides[0]) + (kd * g.Dilations[0]) - g.PadBegin[0];
                if (od < 0 || od >= g.Out[0])
                {
                    continue;
                }

                for (int ih = 0; ih < g.In[1]; ih++)
                {
                    int oh = (ih * g.Strides[1]) + (kh * g.Dilations[1]) - g.PadBegin[1];
                    if (oh < 0 || oh >= g.Out[1])
                    {
                        continue;
                    }

                    var src = col.Slice(((id * g.In[1]) + ih) * inW, inW);
                    var dst = y.Slice(((od * g.Out[1]) + oh) * outW, outW);
                    for (int iw = iwBegin; iw < iwEnd; iw++)
                    {
                        dst[(iw * sw) + offsetW] += src[iw];
                    }
                }
            }
        }
    }

    private static Geometry Resolve(Node node, TensorInfo x, TensorInfo w, TensorInfo? b)
    {
        if (x.Type != DataType.Float32 || w.Type != DataType.Float32 || (b is not null && b.Type != DataType.Float32))
        {
            throw node.Error($"inputs must be Float32; found X {x.Type}, W {w.Type}{(b is null ? "" : $", B {b.Type}")}.");
        }

        int rank = x.Shape.Rank - 2;
        if (rank is < 1 or > 3)
        {
            throw node.Error($"input X has shape {x.Shape}; expected rank 3, 4 or 5 (N, C, and 1 to 3 spatial dimensions).");
        }

        if (w.Shape.Rank != x.Shape.Rank)
        {
            throw node.Error($"weight W has shape {w.Shape}; expected rank {x.Shape.Rank} (C, M/group, kernel...) like the input {x.Shape}.");
        }

        long group = node.Attributes.GetInt("group", 1);
        int channels = x.Shape[1];
        if (group is <= 0 or > int.MaxValue || channels % group != 0)
        {
            throw node.Error($"attribute 'group' is {group}; it must be positive and divide the {channels} input channels.");
        }

        if (w.Shape[0] != channels)
        {
            throw node.Error($"weight W {w.Shape} has {w.Shape[0]} input channels, but X {x.Shape} has {channels}.");
        }

        int outChannels = checked(w.Shape[1] * (int)group);
        if (b is not null && (b.Shape.Rank != 1 || b.Shape[0] != outChannels))
        {
            throw node.Error($"bias B has shape {b.Shape}; expected [{outChannels}] (one value per output channel).");
        }

        int[] kernel = [.. w.Shape.Dimensions[2..]];
        var kernelAttr = node.Attributes.GetInts("kernel_shape");
        if (kernelAttr is not null && !kernelAttr.SequenceEqual(kernel.Select(k => (long)k)))
        {
            throw node.Error($"attribute 'kernel_shape' [{string.Join(",", kernelAttr)}] does not match the weight's spatial size [{string.Join(",", kernel)}] (W {w.Shape}).");
        }

        int[] strides = ReadList(node, "strides", rank, 1, 1);
        int[] dilations = ReadList(node, "dilations", rank, 1, 1);
        int[] pads = ReadList(node, "pads", 2 * rank, 0, 0);
        int[] outputPadding = ReadList(node, "output_padding", rank, 0, 0);
        string autoPad = node.Attributes.GetString("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
        {
            throw node.Error($"attribute 'auto_pad' is '{autoPad}'; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER.");
        }

        if (autoPad != "NOTSET" && pads.Any(p => p != 0))
        {
            throw node.Error($"attribute 'pads' [{string.Join(",", pads)}] cannot be combined with auto_pad '{autoPad}'.");
        }

        var outputShapeAttr = node.Attributes.GetInts("output_shape");
        if (outputShapeAttr is not null && outputShapeAttr.Count != rank && outputShapeAttr.Count != rank + 2)
        {
            throw node.Error($"attribute 'output_shape' [{string.Join(",", outputShapeAttr)}] has {outputShapeAttr.Count} values; expected {rank} (the spatial output size).");
        }

        var outSize = new int[rank];
        var padBegin = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int input = x.Shape[i + 2];
            if (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i])
            {
                throw node.Error($"attribute 'output_padding' [{string.Join(",", outputPadding)}] must be smaller than the stride or the dilation in each dimension (strides [{string.Join(",", strides)}], dilations [{string.Join(",", dilations)}]).");
            }

            long natural = ((long)(input - 1) * strides[i]) + outputPadding[i] + ((long)(kernel[i] - 1) * dilations[i]) + 1;
            long target = outputShapeAttr is null ? -1 : outputShapeAttr[outputShapeAttr.Count - rank + i];
            if (outputShapeAttr is not null && target <= 0)
            {
                throw node.Error($"attribute 'output_shape' [{string.Join(",", outputShapeAttr)}] must hold positive sizes.");
            }

            if (target < 0 && autoPad is ("SAME_UPPER" or "SAME_LOWER"))
            {
                target = (long)input * strides[i];
            }

            long begin = pads[i], end = pads[i + rank];
            if (target >= 0)
            {
                long total = natural - target;
                if (total < 0 && outputShapeAttr is null)
                {
                    total = 0; // SAME with a kernel smaller than the stride: the output stays at its natural size
                }
                else if (total <= -strides[i])
                {
                    throw node.Error($"attribute 'output_shape' [{string.Join(",", outputShapeAttr!)}] asks for {target} in spatial dimension {i}; the transposed convolution produces {natural} (input {input}, stride {strides[i]}, kernel {kernel[i]}, dilation {dilations[i]}, output_padding {outputPadding[i]}), and at most stride − 1 = {strides[i] - 1} more can be added at the end.");
                }

                total = Math.Max(0, total); // a larger output_shape adds the difference at the end, as output_padding does
                begin = autoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
                end = total - begin;
            }

            long size = target >= 0 && outputShapeAttr is not null ? target : natural - begin - end;
            if (size <= 0)
            {
                throw node.Error($"the output size in spatial dimension {i} would be {size} (input {input}, stride {strides[i]}, kernel {kernel[i]}, dilation {dilations[i]}, pads {begin}+{end}); it must be positive.");
            }

            outSize[i] = checked((int)size);
            padBegin[i] = checked((int)begin);
        }

        int[] dims = [x.Shape[0], outChannels, .. outSize];
        return new Geometry(
            x.Shape[0], channels, outChannels, (int)group, Pad3(x.Shape.Dimensions[2..], 1), Pad3(outSize, 1), Pad3(kernel, 1),
            Pad3(strides, 1), Pad3(dilations, 1), Pad3(padBegin, 0), new TensorShape(dims));
    }

    /// <summary>A 1-, 2- or 3-element list as three values with leading <paramref name="fill"/>s (1-D and 2-D as 3-D).</summary>
    private static int[] Pad3(ReadOnlySpan<int> values, int fill)
    {
        var result = new int[] { fill, fill, fill };
        values.CopyTo(result.AsSpan(3 - values.Length));
        return result;
    }

    private static int[] ReadList(Node node, string name, int count, int defaultValue, int minimum)
    {
        var values = node.Attributes.GetInts(name);
        if (values is null)
        {
            return [.. Enumerable.Repeat(defaultValue, count)];
        }

        if (values.Count != count)
        {
            throw node.Error($"attribute '{name}' has {values.Count} values; expected {count}.");
        }

        if (values.Any(v => v < minimum || v > int.MaxValue))
        {
            throw node.Error($"attribute '{name}' [{string.Join(",", values)}] must hold values of at least {minimum}.");
        }

        return [.. values.Select(v => (int)v)];
    }

    /// <summary>The resolved geometry, spatial lists as 3-D (depth, height, width).</summary>
    private sealed record Geometry(
        int Batch, int Channels, int OutChannels, int Groups, int[] In, int[] Out, int[] Kernel, int[] Strides, int[] Dilations, int[] PadBegin, TensorShape OutputShape);
}
