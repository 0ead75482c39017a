using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX AveragePool (opsets 1–21) over 1-D, 2-D and 3-D windows: kernel, strides, asymmetric pads, auto_pad, ceil_mode,
/// count_include_pad and (opset 19) dilations. 3-D windows run a plain loop per plane (<see cref="VolumeWindow.AveragePlane"/>).
/// </summary>
/// <remarks>
/// With count_include_pad = 1 the divisor counts window positions inside the padded input, not those a ceil_mode
/// window hangs past the end pad (as ONNX Runtime). A window with no input element yields 0.
/// </remarks>
public sealed class AveragePool : Operator
{
    /// <inheritdoc />
    public override string OpType => "AveragePool";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. SpatialWindow.AttributeNames, "ceil_mode", "count_include_pad"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Shape.Rank == 5)
        {
            return [new TensorInfo(DataType.Float32, ResolveVolume(node, x.Shape, x.Type).Window.OutputShape(x.Shape[0], x.Shape[1]))];
        }

        var (w, _) = Resolve(node, x.Shape, x.Type);
        return [new TensorInfo(DataType.Float32, w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Shape.Rank == 5)
        {
            var (v, include) = ResolveVolume(node, x.Shape, x.Type);
            var volume = Tensor.Zeros(DataType.Float32, v.OutputShape(x.Shape[0], x.Shape[1]));
            float[] xs = x.Float32Array, ys = volume.Float32Array;
            long work = (long)v.OutPlane * v.Kernel[0] * v.Kernel[1] * v.Kernel[2];
            PoolLoop.ForEachPlane(x.Shape[0] * x.Shape[1], work, plane => v.AveragePlane(xs, ys, include, plane));
            return [volume];
        }

        var (w, includePad) = Resolve(node, x.Shape, x.Type);
        var y = Tensor.Zeros(DataType.Float32, w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank));
        float[] xData = x.Float32Array, yData = y.Float32Array;
        PoolLoop.ForEachPlane(x.Shape[0] * x.Shape[1], w.OutHeight * w.OutWidth * w.KernelHeight * w.KernelWidth, plane => PoolPlane(w, includePad, xData, yData, plane));
        return [y];
    }

    private static (VolumeWindow Window, bool IncludePad) ResolveVolume(Node node, TensorShape x, DataType type)
    {
        var (ceil, includePad) = CheckAttributes(node, type);
        var v = SpatialWindow.ResolveVolume(node, x, SpatialWindow.RequireKernelShape(node), ceil);
        v.RequirePadsSmallerThanKernel(node);
        return (v, includePad);
    }

    private static (SpatialWindow Window, bool IncludePad) Resolve(Node node, TensorShape x, DataType type)
    {
        var (ceil, includePad) = CheckAttributes(node, type);
        var w = SpatialWindow.Resolve(node, x, SpatialWindow.RequireKernelShape(node), ceil);
        w.RequirePadsSmallerThanKernel(node);
        return (w, includePad);
    }

    /// <summary>Checks the type and the attributes besides the window's; returns ceil_mode and count_include_pad.</summary>
    private static (bool Ceil, bool IncludePad) CheckAttributes(Node node, DataType type)
    {
        if (type != DataType.Float32)
        {
            throw node.Error($"input X must be Float32; found {type}.");
        }

        long ceil = node.Attributes.GetInt("ceil_mode", 0);
        long includePad = node.Attributes.GetInt("count_include_pad", 0);
        if (ceil is not (0 or 1) || includePad is not (0 or 1))
        {
            throw node.Error($"attributes 'ceil_mode' ({ceil}) and 'count_include_pad' ({includePad}) must be 0 or 1.");
        }

        if (node.Attributes.ContainsKey("dilations") && node.Opset < 19)
        {
            throw node.Error("attribute 'dilations' exists only from opset 19.");
        }

        return (ceil == 1, includePad == 1);
    }

    private static void PoolPlane(SpatialWindow w, bool includePad, float[] xData, float[] yData, int plane)
    {
        int inW = w.InWidth, outH = w.OutHeight, outW = w.OutWidth, dh = w.DilationHeight, dw = w.DilationWidth;
        int inPlane = w.InHeight * inW, outPlane = outH * outW;
        var x = new ReadOnlySpan<float>(xData, plane * inPlane, inPlane);
        var y = new Span<float>(yData, plane * outPlane, outPlane);
        Span<int> cols = outW <= 512 ? stackalloc int[3 * outW] : new int[3 * outW];
        WindowRange.Fill(w.InWidth, w.KernelWidth, w.StrideWidth, w.PadLeft, dw, cols);
        for (int oy = 0; oy < outH; oy++)
        {
            var (y0, kyBegin, kyEnd) = WindowRange.Of(oy, w.InHeight, w.KernelHeight, w.StrideHeight, w.PadTop, dh);
            int paddedRows = WindowRange.PaddedCount(y0, w.KernelHeight, dh, w.InHeight + w.PadBottom);
            var dst = y.Slice(oy * outW, outW);
            for (int ox = 0; ox < outW; ox++)
            {
                int x0 = cols[3 * ox], kxBegin = cols[(3 * ox) + 1], kxEnd = cols[(3 * ox) + 2];
                float sum = 0;
                for (int ky = kyBegin; ky < kyEnd; ky++)
                {
                    int rowStart = ((y0 + (ky * dh)) * inW) + x0; // may be negative; rowStart + kxBegin·dw is not
                    for (int kx = kxBegin; kx < kxEnd; kx++)
                    {
                        sum += x[rowStart + (kx * dw)];
                    }
                }

                int count = Math.Max(0, kyEnd - kyBegin) * Math.Max(0, kxEnd - kxBegin);
                int divisor = includePad ? paddedRows * WindowRange.PaddedCount(x0, w.KernelWidth, dw, w.InWidth + w.PadRight) : count;
                dst[ox] = count == 0 ? 0f : sum / divisor;
            }
        }
    }
}
