using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MaxPool (opsets 1–21) over 1-D and 2-D windows: kernel, strides, asymmetric pads, auto_pad, dilations,
/// ceil_mode, and the optional Indices output (row-major flat indices into X; <c>storage_order</c> must be 0).
/// </summary>
public sealed class MaxPool : Operator
{
    /// <inheritdoc />
    public override string OpType => "MaxPool";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. SpatialWindow.AttributeNames, "ceil_mode", "storage_order"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = Resolve(node, x.Shape, x.Type).OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank);
        return [new TensorInfo(DataType.Float32, shape), new TensorInfo(DataType.Int64, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = Resolve(node, x.Shape, x.Type);
        var shape = w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank);
        var y = Tensor.Zeros(DataType.Float32, shape);
        long[]? iData = node.Outputs.Count > 1 ? new long[shape.ElementCount] : null;
        float[] xData = x.Float32Array, yData = y.Float32Array;
        int planes = x.Shape[0] * x.Shape[1];
        PoolLoop.ForEachPlane(planes, w.OutHeight * w.OutWidth * w.KernelHeight * w.KernelWidth, plane => PoolPlane(w, xData, yData, iData, plane));
        return iData is null ? [y] : [y, Tensor.FromInt64(iData, shape)];
    }

    private static SpatialWindow Resolve(Node node, TensorShape x, DataType type)
    {
        if (type != DataType.Float32)
        {
            throw node.Error($"input X must be Float32; found {type}.");
        }

        long storageOrder = node.Attributes.GetInt("storage_order", 0);
        if (storageOrder != 0)
        {
            throw node.Error($"attribute 'storage_order' is {storageOrder}; only 0 (row-major indices) is supported.");
        }

        long ceil = node.Attributes.GetInt("ceil_mode", 0);
        if (ceil is not (0 or 1))
        {
            throw node.Error($"attribute 'ceil_mode' is {ceil}; expected 0 or 1.");
        }

        if (node.Outputs.Count > 1 && node.Opset < 8)
        {
            throw node.Error("the Indices output exists only from opset 8.");
        }

        var w = SpatialWindow.Resolve(node, x, SpatialWindow.RequireKernelShape(node), ceil == 1);
        w.RequirePadsSmallerThanKernel(node);
        return w;
    }

    private static void PoolPlane(SpatialWindow w, float[] xData, float[] yData, long[]? iData, int plane)
    {
        int inPlane = w.InHeight * w.InWidth, outPlane = w.OutHeight * w.OutWidth;
        var x = new ReadOnlySpan<float>(xData, plane * inPlane, inPlane);
        var y = new Span<float>(yData, plane * outPlane, outPlane);
        long planeOffset = (long)plane * inPlane;
        for (int oy = 0; oy < w.OutHeight; oy++)
        {
            int y0 = (oy * w.StrideHeight) - w.PadTop;
            for (int ox = 0; ox < w.OutWidth; ox++)
            {
                int x0 = (ox * w.StrideWidth) - w.PadLeft;

                // As ONNX Runtime: the first in-bounds element seeds the maximum; later ones replace it only when greater.
                float best = float.MinValue;
                int bestIndex = -1;
                for (int ky = 0; ky < w.KernelHeight; ky++)
                {
                    int iy = y0 + (ky * w.DilationHeight);
                    if ((uint)iy >= (uint)w.InHeight)
                    {
                        continue;
                    }

                    int row = iy * w.InWidth;
                    for (int kx = 0; kx < w.KernelWidth; kx++)
                    {
                        int ix = x0 + (kx * w.DilationWidth);
                        if ((uint)ix < (uint)w.InWidth)
                        {
                            float v = x[row + ix];
                            if (bestIndex < 0 || v > best)
                            {
                                best = v;
                                bestIndex = row + ix;
                            }
                        }
                    }
                }

                int o = (oy * w.OutWidth) + ox;
                y[o] = best;
                if (iData is not null)
                {
                    iData[(plane * outPlane) + o] = planeOffset + bestIndex;
                }
            }
        }
    }
}
