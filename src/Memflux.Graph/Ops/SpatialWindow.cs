using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The sliding-window geometry shared by Conv, MaxPool and AveragePool, resolved from a node's
/// <c>kernel_shape</c>, <c>strides</c>, <c>pads</c>, <c>dilations</c> and <c>auto_pad</c> attributes.
/// 1-D windows (NCW) are stored as 2-D with height 1, so every kernel works on NCHW.
/// </summary>
internal sealed record SpatialWindow(
    int InHeight,
    int InWidth,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight,
    int StrideWidth,
    int DilationHeight,
    int DilationWidth,
    int PadTop,
    int PadLeft,
    int PadBottom,
    int PadRight,
    int OutHeight,
    int OutWidth)
{
    /// <summary>The attribute names this helper reads (besides kernel_shape).</summary>
    public static readonly string[] AttributeNames = ["auto_pad", "dilations", "kernel_shape", "pads", "strides"];

    /// <summary>
    /// Resolves the window for an input of shape <paramref name="x"/> (N, C, spatial...).
    /// <paramref name="kernel"/> is the kernel's spatial size (from the attribute or the weight).
    /// </summary>
    public static SpatialWindow Resolve(Node node, TensorShape x, ReadOnlySpan<int> kernel, bool ceilMode)
    {
        int rank = x.Rank - 2;
        if (rank is not (1 or 2))
        {
            throw node.Error($"input shape {x} has {Math.Max(rank, 0)} spatial dimensions; only 1-D (N,C,W), 2-D (N,C,H,W) and 3-D (N,C,D,H,W) windows are supported.");
        }

        if (kernel.Length != rank)
        {
            throw node.Error($"kernel has {kernel.Length} spatial dimensions but the input {x} has {rank}.");
        }

        var (strides, dilations, begin, end, outSize) = ResolveAxes(node, x, kernel, ceilMode);
        return rank == 1
            ? new SpatialWindow(1, x[2], 1, kernel[0], 1, strides[0], 1, dilations[0], 0, begin[0], 0, end[0], 1, outSize[0])
            : new SpatialWindow(x[2], x[3], kernel[0], kernel[1], strides[0], strides[1], dilations[0], dilations[1], begin[0], begin[1], end[0], end[1], outSize[0], outSize[1]);
    }

    /// <summary>
    /// Resolves a 3-D window (N, C, D, H, W) with the same attributes and rules as <see cref="Resolve"/>; the 2-D
    /// kernels keep their own record.
    /// </summary>
    public static VolumeWindow ResolveVolume(Node node, TensorShape x, ReadOnlySpan<int> kernel, bool ceilMode)
    {
        if (x.Rank != 5 || kernel.Length != 3)
        {
            throw node.Error($"input shape {x} with a {kernel.Length}-D kernel; a 3-D window needs rank 5 (N,C,D,H,W) and 3 kernel sizes.");
        }

        var (strides, dilations, begin, end, outSize) = ResolveAxes(node, x, kernel, ceilMode);
        return new VolumeWindow([x[2], x[3], x[4]], kernel.ToArray(), strides, dilations, begin, end, outSize);
    }

    private static (int[] Strides, int[] Dilations, int[] Begin, int[] End, int[] OutSize) ResolveAxes(Node node, TensorShape x, ReadOnlySpan<int> kernel, bool ceilMode)
    {
        int rank = x.Rank - 2;
        var strides = ReadList(node, "strides", rank, 1, minimum: 1);
        var dilations = ReadList(node, "dilations", rank, 1, minimum: 1);
        var pads = ReadList(node, "pads", 2 * rank, 0, minimum: 0);
        string autoPad = node.Attributes.GetString("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
        {
            throw node.Error($"attribute 'auto_pad' is '{autoPad}'; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER.");
        }

        if (autoPad != "NOTSET" && pads.Any(p => p != 0))
        {
            throw node.Error($"attribute 'pads' [{string.Join(",", pads)}] cannot be combined with auto_pad '{autoPad}'.");
        }

        var outSize = new int[rank];
        var begin = new int[rank];
        var end = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            try
            {
                ResolveAxis(node, x, kernel, ceilMode, autoPad, strides, dilations, pads, outSize, begin, end, i);
            }
            catch (OverflowException)
            {
                throw node.Error(
                    $"the window of spatial dimension {i} (input {x[i + 2]}, kernel {kernel[i]}, stride {strides[i]}, dilation {dilations[i]}, " +
                    $"pads {(autoPad == "NOTSET" ? $"{pads[i]} and {pads[i + rank]}" : autoPad)}) gives sizes beyond 2^31; expected attributes that fit the input.");
            }
        }

        return (strides, dilations, begin, end, outSize);
    }

    /// <summary>One spatial axis of <see cref="ResolveAxes"/>, in checked arithmetic: pads near 2^31 overflow rather than wrap to a plausible shape.</summary>
    private static void ResolveAxis(Node node, TensorShape x, ReadOnlySpan<int> kernel, bool ceilMode, string autoPad, int[] strides, int[] dilations, int[] pads, int[] outSize, int[] begin, int[] end, int i)
    {
        int rank = x.Rank - 2;
        checked
        {
            int input = x[i + 2];
            if (kernel[i] <= 0)
            {
                throw node.Error($"kernel size {kernel[i]} in spatial dimension {i} must be positive.");
            }

            int extent = (dilations[i] * (kernel[i] - 1)) + 1;
            switch (autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                    outSize[i] = (input + strides[i] - 1) / strides[i];
                    int total = Math.Max(0, ((outSize[i] - 1) * strides[i]) + extent - input);
                    begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
                    end[i] = total - begin[i];
                    break;
                default:
                    begin[i] = pads[i];
                    end[i] = pads[i + rank];
                    outSize[i] = OutputSize(node, i, input, begin[i], end[i], extent, strides[i], ceilMode);
                    break;
            }
        }
    }

    /// <summary>The <c>kernel_shape</c> attribute, required for pooling.</summary>
    public static int[] RequireKernelShape(Node node)
    {
        var k = node.Attributes.RequireInts("kernel_shape");
        return [.. k.Select(v => v is > 0 and <= int.MaxValue ? (int)v : throw node.Error($"attribute 'kernel_shape' [{string.Join(",", k)}] must hold positive sizes."))];
    }

    /// <summary>The output shape (N, channels, spatial...) for an input of rank <paramref name="rank"/>.</summary>
    public TensorShape OutputShape(int batch, int channels, int rank) =>
        rank == 3 ? new TensorShape(batch, channels, OutWidth) : new TensorShape(batch, channels, OutHeight, OutWidth);

    /// <summary>Throws when a pad is as large as the kernel window (ONNX Runtime rejects it for pooling).</summary>
    public void RequirePadsSmallerThanKernel(Node node)
    {
        if (PadTop >= KernelHeight || PadBottom >= KernelHeight || PadLeft >= KernelWidth || PadRight >= KernelWidth)
        {
            throw node.Error($"pads (top {PadTop}, left {PadLeft}, bottom {PadBottom}, right {PadRight}) must be smaller than the kernel {KernelHeight}×{KernelWidth}.");
        }
    }

    private static int OutputSize(Node node, int axis, int input, int padBegin, int padEnd, int extent, int stride, bool ceilMode)
    {
        // Checked, as in ResolveAxis: pads near 2^31 overflow (an error) rather than wrap to a plausible size.
        int span = checked(input + padBegin + padEnd - extent);
        if (span < 0)
        {
            throw node.Error($"the kernel window ({extent} with dilation) is larger than the padded input ({input + padBegin + padEnd}) in spatial dimension {axis}.");
        }

        if (!ceilMode)
        {
            return (span / stride) + 1;
        }

        int size = checked(((span + stride - 1) / stride) + 1);

        // The last window must start inside the input or its leading pad (ONNX PR 5741, as ONNX Runtime does).
        if (checked((size - 1) * stride) >= checked(input + padBegin))
        {
            size--;
        }

        return size;
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

        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (values[i] < minimum || values[i] > int.MaxValue)
            {
                throw node.Error($"attribute '{name}' [{string.Join(",", values)}] holds {values[i]}; each value must be at least {minimum}.");
            }

            result[i] = (int)values[i];
        }

        return result;
    }
}
