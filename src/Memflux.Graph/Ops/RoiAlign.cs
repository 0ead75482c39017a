using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX RoiAlign (opsets 10–21) on fp32 or fp64 NCHW features: for each region of interest (x1, y1, x2, y2) in
/// <c>rois</c> on image <c>batch_indices</c>[r], an output_height × output_width grid of bins, each the average
/// (<c>mode</c> avg) or maximum (max) of a sampling_ratio² grid of bilinear samples (sampling_ratio 0: ⌈bin size⌉ per
/// axis). Coordinates are scaled by <c>spatial_scale</c>; <c>coordinate_transformation_mode</c> (opset 16, default
/// half_pixel) shifts them by −0.5, output_half_pixel (opset 10's behaviour) does not and widens regions to at least 1×1.
/// </summary>
/// <remarks>
/// The arithmetic is ONNX Runtime's, in the input type and in its order: a sample outside [−1, size] counts as zero,
/// and max mode takes the largest of the four weighted corner values of each sample (not of the interpolated value).
/// </remarks>
public sealed class RoiAlign : Operator
{
    /// <inheritdoc />
    public override string OpType => "RoiAlign";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["coordinate_transformation_mode", "mode", "output_height", "output_width", "sampling_ratio", "spatial_scale"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var p = Resolve(node, x, RequireInput(node, inputs, 1), RequireInput(node, inputs, 2));
        return [new TensorInfo(x.Type, new TensorShape(p.Rois, x.Shape[1], p.OutHeight, p.OutWidth))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var rois = RequireInput(node, inputs, 1);
        var batchIndices = RequireInput(node, inputs, 2);
        var p = Resolve(node, TensorInfo.Of(x), TensorInfo.Of(rois), TensorInfo.Of(batchIndices));
        ReadOnlySpan<long> index = batchIndices.Int64;
        for (int r = 0; r < index.Length; r++)
        {
            if (index[r] < 0 || index[r] >= x.Shape[0])
            {
                throw node.Error($"input batch_indices holds {index[r]} at position {r}; expected an image index 0 to {x.Shape[0] - 1}.");
            }
        }

        var y = Tensor.Zeros(x.Type, new TensorShape(p.Rois, x.Shape[1], p.OutHeight, p.OutWidth));
        if (x.Type == DataType.Float32)
        {
            Run<float>(p, x.Shape, x.Float32, rois.Float32, index, y.Float32);
        }
        else
        {
            Run<double>(p, x.Shape, x.AsSpan<double>(), rois.AsSpan<double>(), index, y.AsSpan<double>());
        }

        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var y = node.Outputs[0].Shape;
        long samples = Math.Max(node.Attributes.GetInt("sampling_ratio", 0), 1);
        return y is null ? 0 : y.ElementCount * samples * samples * 4;
    }

    private static void Run<T>(Parameters p, TensorShape xShape, ReadOnlySpan<T> x, ReadOnlySpan<T> rois, ReadOnlySpan<long> batch, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = xShape[1], height = xShape[2], width = xShape[3], plane = height * width;
        int bins = p.OutHeight * p.OutWidth;
        var samples = new List<Sample<T>>();
        for (int r = 0; r < p.Rois; r++)
        {
            var (gridH, gridW) = Samples(p, rois.Slice(r * 4, 4), height, width, samples);
            var count = T.CreateTruncating(Math.Max((long)gridH * gridW, 1)); // ONNX Runtime's count, even for an inverted region
            int perBin = Math.Max(gridH, 0) * Math.Max(gridW, 0);
            for (int c = 0; c < channels; c++)
            {
                var image = x.Slice((int)((((batch[r] * channels) + c) * plane)), plane);
                var output = y.Slice(((r * channels) + c) * bins, bins);
                for (int bin = 0; bin < bins; bin++)
                {
                    T value = T.Zero;
                    for (int s = 0; s < perBin; s++)
                    {
                        var q = samples[(bin * perBin) + s];
                        if (p.Max)
                        {
                            T v = Larger(Larger(Larger(q.W1 * image[q.P1], q.W2 * image[q.P2]), q.W3 * image[q.P3]), q.W4 * image[q.P4]);
                            value = s == 0 ? v : Larger(value, v);
                        }
                        else
                        {
                            value += (q.W1 * image[q.P1]) + (q.W2 * image[q.P2]) + (q.W3 * image[q.P3]) + (q.W4 * image[q.P4]);
                        }
                    }

                    output[bin] = p.Max ? value : value / count;
                }
            }
        }
    }

    /// <summary>std::max's rule (the first unless the second is larger), so NaN propagates as in ONNX Runtime.</summary>
    private static T Larger<T>(T a, T b)
        where T : IFloatingPointIeee754<T> => a < b ? b : a;

    /// <summary>Fills <paramref name="samples"/> with the bilinear taps of one region, bin by bin, and returns the sampling grid.</summary>
    private static (int GridH, int GridW) Samples<T>(Parameters p, ReadOnlySpan<T> roi, int height, int width, List<Sample<T>> samples)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        samples.Clear();
        var scale = T.CreateTruncating(p.SpatialScale);
        var offset = p.HalfPixel ? T.CreateTruncating(0.5) : T.Zero;
        T startW = (roi[0] * scale) - offset, startH = (roi[1] * scale) - offset;
        T endW = (roi[2] * scale) - offset, endH = (roi[3] * scale) - offset;
        T roiW = endW - startW, roiH = endH - startH;
        if (!p.HalfPixel)
        {
            roiW = Larger(roiW, T.One);
            roiH = Larger(roiH, T.One);
        }

        T pooledH = T.CreateTruncating(p.OutHeight), pooledW = T.CreateTruncating(p.OutWidth);
        T binH = roiH / pooledH, binW = roiW / pooledW;
        int gridH = p.SamplingRatio > 0 ? p.SamplingRatio : int.CreateSaturating(T.Ceiling(roiH / pooledH));
        int gridW = p.SamplingRatio > 0 ? p.SamplingRatio : int.CreateSaturating(T.Ceiling(roiW / pooledW));
        T half = T.CreateTruncating(0.5);
        for (int ph = 0; ph < p.OutHeight; ph++)
        {
            for (int pw = 0; pw < p.OutWidth; pw++)
            {
                for (int iy = 0; iy < gridH; iy++)
                {
                    T yy = startH + (T.CreateTruncating(ph) * binH) + ((T.CreateTruncating(iy) + half) * binH / T.CreateTruncating(gridH));
                    for (int ix = 0; ix < gridW; ix++)
                    {
                        T xx = startW + (T.CreateTruncating(pw) * binW) + ((T.CreateTruncating(ix) + half) * binW / T.CreateTruncating(gridW));
                        samples.Add(Bilinear(yy, xx, height, width));
                    }
                }
            }
        }

        return (gridH, gridW);
    }

    private static Sample<T> Bilinear<T>(T y, T x, int height, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y < -T.One || y > T.CreateTruncating(height) || x < -T.One || x > T.CreateTruncating(width))
        {
            return default; // Zero weights: the sample adds nothing (and is a zero in max mode).
        }

        y = y <= T.Zero ? T.Zero : y;
        x = x <= T.Zero ? T.Zero : x;
        int yLow = int.CreateTruncating(y), xLow = int.CreateTruncating(x), yHigh, xHigh;
        if (yLow >= height - 1)
        {
            yHigh = yLow = height - 1;
            y = T.CreateTruncating(yLow);
        }
        else
        {
            yHigh = yLow + 1;
        }

        if (xLow >= width - 1)
        {
            xHigh = xLow = width - 1;
            x = T.CreateTruncating(xLow);
        }
        else
        {
            xHigh = xLow + 1;
        }

        T ly = y - T.CreateTruncating(yLow), lx = x - T.CreateTruncating(xLow);
        T hy = T.One - ly, hx = T.One - lx;
        return new Sample<T>((yLow * width) + xLow, (yLow * width) + xHigh, (yHigh * width) + xLow, (yHigh * width) + xHigh, hy * hx, hy * lx, ly * hx, ly * lx);
    }

    private static Parameters Resolve(Node node, TensorInfo x, TensorInfo rois, TensorInfo batchIndices)
    {
        if (x.Type is not (DataType.Float32 or DataType.Float64) || rois.Type != x.Type)
        {
            throw node.Error($"inputs X and rois must both be Float32 or both Float64; found {x.Type} and {rois.Type}.");
        }

        if (batchIndices.Type != DataType.Int64)
        {
            throw node.Error($"input batch_indices must be Int64; found {batchIndices.Type}.");
        }

        if (x.Shape.Rank != 4)
        {
            throw node.Error($"input X has shape {x.Shape}; expected rank 4 (N, C, H, W).");
        }

        if (rois.Shape.Rank != 2 || rois.Shape[1] != 4 || batchIndices.Shape.Rank != 1 || batchIndices.Shape[0] != rois.Shape[0])
        {
            throw node.Error($"inputs rois {rois.Shape} and batch_indices {batchIndices.Shape} must be [num_rois, 4] and [num_rois].");
        }

        string mode = node.Attributes.GetString("mode", "avg");
        if (mode is not ("avg" or "max"))
        {
            throw node.Error($"attribute 'mode' is '{mode}'; expected 'avg' or 'max'.");
        }

        if (node.Opset < 16 && node.Attributes.ContainsKey("coordinate_transformation_mode"))
        {
            throw node.Error("attribute 'coordinate_transformation_mode' exists from opset 16.");
        }

        string transform = node.Attributes.GetString("coordinate_transformation_mode", node.Opset >= 16 ? "half_pixel" : "output_half_pixel");
        if (transform is not ("half_pixel" or "output_half_pixel"))
        {
            throw node.Error($"attribute 'coordinate_transformation_mode' is '{transform}'; expected 'half_pixel' or 'output_half_pixel'.");
        }

        long outHeight = node.Attributes.GetInt("output_height", 1), outWidth = node.Attributes.GetInt("output_width", 1);
        long sampling = node.Attributes.GetInt("sampling_ratio", 0);
        if (outHeight is < 1 or > 65536 || outWidth is < 1 or > 65536 || sampling is < 0 or > 65536)
        {
            throw node.Error($"attributes output_height {outHeight}, output_width {outWidth}, sampling_ratio {sampling}; expected sizes ≥ 1 (sampling_ratio ≥ 0, 0 = adaptive).");
        }

        float spatialScale = node.Attributes.GetFloat("spatial_scale", 1f);
        if (!float.IsFinite(spatialScale))
        {
            throw node.Error($"attribute 'spatial_scale' is {spatialScale}; expected a finite value.");
        }

        return new Parameters(rois.Shape[0], (int)outHeight, (int)outWidth, (int)sampling, spatialScale, mode == "max", transform == "half_pixel");
    }

    private readonly record struct Parameters(int Rois, int OutHeight, int OutWidth, int SamplingRatio, float SpatialScale, bool Max, bool HalfPixel);

    private readonly record struct Sample<T>(int P1, int P2, int P3, int P4, T W1, T W2, T W3, T W4);
}
