using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX AveragePool (opsets 1–21) over 1-D and 2-D windows: kernel, strides, asymmetric pads, auto_pad, ceil_mode,
/// count_include_pad and (opset 19) dilations.
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
        var (w, _) = Resolve(node, x.Shape, x.Type);
        return [new TensorInfo(DataType.Float32, w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (w, includePad) = Resolve(node, x.Shape, x.Type);
        var y = Tensor.Zeros(DataType.Float32, w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank));
        float[] xData = x.Float32Array, yData = y.Float32Array;
        PoolLoop.ForEachPlane(x.Shape[0] * x.Shape[1], w.OutHeight * w.OutWidth * w.KernelHeight * w.KernelWidth, plane => PoolPlane(w, includePad, xData, yData, plane));
        return [y];
    }

    private static (SpatialWindow Window, bool IncludePad) Resolve(Node node, TensorShape x, DataType type)
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

        var w = SpatialWindow.Resolve(node, x, SpatialWindow.RequireKernelShape(node), ceil == 1);
        w.RequirePadsSmallerThanKernel(node);
        return (w, includePad == 1);
    }

    private static void PoolPlane(SpatialWindow w, bool includePad, float[] xData, float[] yData, int plane)
    {
        int inPlane = w.InHeight * w.InWidth, outPlane = w.OutHeight * w.OutWidth;
        var x = new ReadOnlySpan<float>(xData, plane * inPlane, inPlane);
        var y = new Span<float>(yData, plane * outPlane, outPlane);
        for (int oy = 0; oy < w.OutHeight; oy++)
        {
            int y0 = (oy * w.StrideHeight) - w.PadTop;
            int yEnd = Math.Min(y0 + (w.KernelHeight * w.DilationHeight), w.InHeight + w.PadBottom);
            int paddedRows = 1 + ((yEnd - y0 - 1) / w.DilationHeight);
            for (int ox = 0; ox < w.OutWidth; ox++)
            {
                int x0 = (ox * w.StrideWidth) - w.PadLeft;
                int xEnd = Math.Min(x0 + (w.KernelWidth * w.DilationWidth), w.InWidth + w.PadRight);
                int paddedCols = 1 + ((xEnd - x0 - 1) / w.DilationWidth);
                float sum = 0;
                int count = 0;
                for (int iy = y0; iy < yEnd; iy += w.DilationHeight)
                {
                    if ((uint)iy >= (uint)w.InHeight)
                    {
                        continue;
                    }

                    int row = iy * w.InWidth;
                    for (int ix = x0; ix < xEnd; ix += w.DilationWidth)
                    {
                        if ((uint)ix < (uint)w.InWidth)
                        {
                            sum += x[row + ix];
                            count++;
                        }
                    }
                }

                int divisor = includePad ? paddedRows * paddedCols : count;
                y[(oy * w.OutWidth) + ox] = count == 0 ? 0f : sum / divisor;
            }
        }
    }
}
