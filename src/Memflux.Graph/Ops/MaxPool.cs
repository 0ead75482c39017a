using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MaxPool (opsets 1–21) over 1-D, 2-D and 3-D windows: kernel, strides, asymmetric pads, auto_pad, dilations,
/// ceil_mode, and the optional Indices output (row-major flat indices into X; <c>storage_order</c> must be 0).
/// fp32 1-D and 2-D windows with row-major indices run the fast kernels; 3-D windows, the other types ONNX Runtime
/// implements (fp64, fp16, int8, uint8) and storage_order 1 (column-major indices) run a plain loop per plane
/// (<see cref="VolumeWindow.MaxPlane"/>).
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
        var shape = x.Shape.Rank == 5
            ? ResolveVolume(node, x.Shape, x.Type).OutputShape(x.Shape[0], x.Shape[1])
            : Resolve(node, x.Shape, x.Type).OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank);
        return [new TensorInfo(x.Type, shape), new TensorInfo(DataType.Int64, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Shape.Rank == 5)
        {
            var volume = ResolveVolume(node, x.Shape, x.Type);
            return ExecuteVolume(node, x, volume, volume.OutputShape(x.Shape[0], x.Shape[1]));
        }

        var w = Resolve(node, x.Shape, x.Type);
        if (x.Type != DataType.Float32 || node.Attributes.GetInt("storage_order", 0) == 1)
        {
            var v = new VolumeWindow(
                [1, w.InHeight, w.InWidth], [1, w.KernelHeight, w.KernelWidth], [1, w.StrideHeight, w.StrideWidth], [1, w.DilationHeight, w.DilationWidth],
                [0, w.PadTop, w.PadLeft], [0, w.PadBottom, w.PadRight], [1, w.OutHeight, w.OutWidth]);
            return ExecuteVolume(node, x, v, w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank));
        }

        var shape = w.OutputShape(x.Shape[0], x.Shape[1], x.Shape.Rank);
        var y = Tensor.Uninitialized(DataType.Float32, shape);
        long[]? iData = node.Outputs.Count > 1 ? new long[shape.ElementCount] : null;
        float[] xData = x.Float32Array, yData = y.Float32Array;
        int planes = x.Shape[0] * x.Shape[1];
        long work = w.OutHeight * ((w.InWidth * w.KernelHeight) + (w.OutWidth * w.KernelWidth));
        if (iData is null)
        {
            PoolLoop.ForEachPlane(planes, work, plane => PoolPlaneSeparable(w, xData, yData, plane));
        }
        else
        {
            PoolLoop.ForEachPlane(planes, work, plane => PoolPlane(w, xData, yData, iData, plane));
        }

        return iData is null ? [y] : [y, Tensor.FromInt64(iData, shape)];
    }

    /// <summary>Pools with the plain per-plane loop of <paramref name="v"/> (1-D and 2-D windows as depth 1) into <paramref name="shape"/>.</summary>
    private static Tensor[] ExecuteVolume(Node node, Tensor x, VolumeWindow v, TensorShape shape)
    {
        var y = Tensor.Zeros(x.Type, shape);
        long[] indices = node.Outputs.Count > 1 ? new long[shape.ElementCount] : [];
        bool columnMajor = node.Attributes.GetInt("storage_order", 0) == 1;
        long work = (long)v.OutPlane * v.Kernel[0] * v.Kernel[1] * v.Kernel[2];
        int planes = x.Shape[0] * x.Shape[1];
        switch (x.Type)
        {
            case DataType.Float32:
                float[] xf = x.Float32Array, yf = y.Float32Array;
                PoolLoop.ForEachPlane(planes, work, p => v.MaxPlane<float>(xf, yf, indices, p, float.MinValue, columnMajor));
                break;
            case DataType.Float64:
                double[] xd = x.AsArray<double>(), yd = y.AsArray<double>();
                PoolLoop.ForEachPlane(planes, work, p => v.MaxPlane<double>(xd, yd, indices, p, double.MinValue, columnMajor));
                break;
            case DataType.Float16:
                Half[] xh = x.AsArray<Half>(), yh = y.AsArray<Half>();
                PoolLoop.ForEachPlane(planes, work, p => v.MaxPlane<Half>(xh, yh, indices, p, Half.MinValue, columnMajor));
                break;
            case DataType.Int8:
                sbyte[] xs = x.AsArray<sbyte>(), ys = y.AsArray<sbyte>();
                PoolLoop.ForEachPlane(planes, work, p => v.MaxPlane<sbyte>(xs, ys, indices, p, sbyte.MinValue, columnMajor));
                break;
            default:
                byte[] xb = x.AsArray<byte>(), yb = y.AsArray<byte>();
                PoolLoop.ForEachPlane(planes, work, p => v.MaxPlane<byte>(xb, yb, indices, p, byte.MinValue, columnMajor));
                break;
        }

        return node.Outputs.Count > 1 ? [y, Tensor.FromInt64(indices, shape)] : [y];
    }

    private static VolumeWindow ResolveVolume(Node node, TensorShape x, DataType type)
    {
        var v = SpatialWindow.ResolveVolume(node, x, SpatialWindow.RequireKernelShape(node), CheckAttributes(node, type));
        v.RequirePadsSmallerThanKernel(node);
        return v;
    }

    private static SpatialWindow Resolve(Node node, TensorShape x, DataType type)
    {
        var w = SpatialWindow.Resolve(node, x, SpatialWindow.RequireKernelShape(node), CheckAttributes(node, type));
        w.RequirePadsSmallerThanKernel(node);
        return w;
    }

    /// <summary>Checks the type and the attributes besides the window's; returns ceil_mode.</summary>
    private static bool CheckAttributes(Node node, DataType type)
    {
        if (type is not (DataType.Float32 or DataType.Float64 or DataType.Float16 or DataType.Int8 or DataType.UInt8))
        {
            throw node.Error($"input X is {type}; expected Float32, Float64, Float16, Int8 or UInt8.");
        }

        long storageOrder = node.Attributes.GetInt("storage_order", 0);
        if (storageOrder is not (0 or 1))
        {
            throw node.Error($"attribute 'storage_order' is {storageOrder}; expected 0 (row-major indices) or 1 (column-major).");
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

        return ceil == 1;
    }

    /// <summary>
    /// Without Indices: the maximum over a window is the maximum over its columns of each column's maximum, so the
    /// window's rows are first reduced with a vectorized elementwise max, then each run of kernel-width columns with
    /// shifted vector maxima; an output reads its window's value from there (border windows are scanned). Max
    /// propagates NaN, as <see cref="MathF.Max"/> does.
    /// </summary>
    private static void PoolPlaneSeparable(SpatialWindow w, float[] xData, float[] yData, int plane)
    {
        int inW = w.InWidth, outH = w.OutHeight, outW = w.OutWidth, kw = w.KernelWidth, dh = w.DilationHeight, dw = w.DilationWidth;
        int inPlane = w.InHeight * inW, outPlane = outH * outW;
        var x = new ReadOnlySpan<float>(xData, plane * inPlane, inPlane);
        var y = new Span<float>(yData, plane * outPlane, outPlane);
        int[] cols = ArrayPool<int>.Shared.Rent(3 * outW);
        float[] rowMax = ArrayPool<float>.Shared.Rent(2 * inW);
        try
        {
            WindowRange.Fill(w.InWidth, kw, w.StrideWidth, w.PadLeft, dw, cols.AsSpan(0, 3 * outW));
            var rows = rowMax.AsSpan(0, inW);
            int span = (kw - 1) * dw, full = Math.Max(0, inW - span);
            var windows = rowMax.AsSpan(inW, full); // windows[i] = max over taps of rows[i + kx·dw]
            for (int oy = 0; oy < outH; oy++)
            {
                var (y0, kyBegin, kyEnd) = WindowRange.Of(oy, w.InHeight, w.KernelHeight, w.StrideHeight, w.PadTop, dh);
                var dst = y.Slice(oy * outW, outW);
                if (kyEnd <= kyBegin)
                {
                    dst.Fill(float.MinValue);
                    continue;
                }

                x.Slice((y0 + (kyBegin * dh)) * inW, inW).CopyTo(rows);
                for (int ky = kyBegin + 1; ky < kyEnd; ky++)
                {
                    MaxInto(rows, rows, x.Slice((y0 + (ky * dh)) * inW, inW));
                }

                rows[..full].CopyTo(windows);
                for (int kx = 1; kx < kw; kx++)
                {
                    MaxInto(windows, windows, rows.Slice(kx * dw, full));
                }

                for (int ox = 0; ox < outW; ox++)
                {
                    int x0 = cols[3 * ox], kxBegin = cols[(3 * ox) + 1], kxEnd = cols[(3 * ox) + 2];
                    if (kxBegin == 0 && kxEnd == kw)
                    {
                        dst[ox] = windows[x0];
                        continue;
                    }

                    float best = float.MinValue;
                    for (int kx = kxBegin; kx < kxEnd; kx++)
                    {
                        best = MathF.Max(best, rows[x0 + (kx * dw)]);
                    }

                    dst[ox] = best;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(rowMax);
        }
    }

    /// <summary>destination[i] = max(a[i], b[i]) (IEEE maximum: NaN propagates); destination may be a.</summary>
    private static void MaxInto(Span<float> destination, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = destination.Length, i = 0;
        ref float d = ref MemoryMarshal.GetReference(destination);
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = MathF.Max(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i));
        }
    }

    private static void PoolPlane(SpatialWindow w, float[] xData, float[] yData, long[]? iData, int plane)
    {
        int inW = w.InWidth, outH = w.OutHeight, outW = w.OutWidth, dh = w.DilationHeight, dw = w.DilationWidth;
        int inPlane = w.InHeight * inW, outPlane = outH * outW;
        var x = new ReadOnlySpan<float>(xData, plane * inPlane, inPlane);
        var y = new Span<float>(yData, plane * outPlane, outPlane);
        long planeOffset = (long)plane * inPlane;
        Span<int> cols = outW <= 512 ? stackalloc int[3 * outW] : new int[3 * outW];
        WindowRange.Fill(w.InWidth, w.KernelWidth, w.StrideWidth, w.PadLeft, dw, cols);
        for (int oy = 0; oy < outH; oy++)
        {
            var (y0, kyBegin, kyEnd) = WindowRange.Of(oy, w.InHeight, w.KernelHeight, w.StrideHeight, w.PadTop, dh);
            var dst = y.Slice(oy * outW, outW);
            for (int ox = 0; ox < outW; ox++)
            {
                int x0 = cols[3 * ox], kxBegin = cols[(3 * ox) + 1], kxEnd = cols[(3 * ox) + 2];

                // As ONNX Runtime: the first in-bounds element seeds the maximum; later ones replace it only when greater.
                int bestIndex = -1;
                float best = float.MinValue;
                for (int ky = kyBegin; ky < kyEnd; ky++)
                {
                    int row = (y0 + (ky * dh)) * inW;
                    int rowStart = row + x0; // may be negative; rowStart + kxBegin·dw is not
                    for (int kx = kxBegin; kx < kxEnd; kx++)
                    {
                        float v = x[rowStart + (kx * dw)];
                        if (v > best || bestIndex < 0)
                        {
                            best = v;
                            bestIndex = rowStart + (kx * dw);
                        }
                    }
                }

                dst[ox] = best;
                if (iData is not null)
                {
                    iData[(plane * outPlane) + (oy * outW) + ox] = planeOffset + bestIndex;
                }
            }
        }
    }
}
