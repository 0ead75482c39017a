using System.Buffers;
using Memflux.Graph;
using Memflux.Graph.Ops;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Chip.Analog;

/// <summary>
/// ONNX Conv (2-D, any group, stride, dilation, padding) with a constant weight on crossbars: each group's weight
/// W[o, c, i, j] becomes a k×n matrix (k = C/group·kH·kW rows in (c, i, j) order, n = O/group columns); the input is
/// unrolled (im2col) into one k-vector per output pixel, stored as columns, each an MVM. The bias is added digitally.
/// </summary>
public sealed class AnalogConv : AnalogLayer
{
    /// <summary>Values of the unrolled input handled per call into the crossbars, to bound the scratch memory (tests shrink it).</summary>
    internal static int ScratchElements { get; set; } = 1 << 20;

    private readonly TensorShape _weightShape;

    private AnalogConv(Node node, TensorShape weightShape, int k, int n, IReadOnlyList<float[]> weights)
        : base(node, k, n, weights) => _weightShape = weightShape;

    /// <summary>Maps a 2-D Conv whose weight is constant; null when the weight is computed or the conv is not 2-D.</summary>
    public static AnalogConv? TryCreate(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Inputs[1]?.Constant is not { Type: DataType.Float32, Shape.Rank: 4 } w || node.Inputs[0]?.Shape is not { Rank: 4 })
        {
            return null;
        }

        int groups = (int)node.Attributes.GetInt("group", 1);
        int outChannels = w.Shape[0], perGroupOut = outChannels / groups;
        int k = w.Shape[1] * w.Shape[2] * w.Shape[3];
        var source = w.Float32;
        var matrices = new float[groups][];
        for (int g = 0; g < groups; g++)
        {
            var m = matrices[g] = new float[k * perGroupOut];
            for (int o = 0; o < perGroupOut; o++)
            {
                var row = source.Slice((g * perGroupOut + o) * k, k);
                for (int r = 0; r < k; r++)
                {
                    m[(r * perGroupOut) + o] = row[r];
                }
            }
        }

        return new AnalogConv(node, w.Shape, k, perGroupOut, matrices);
    }

    /// <inheritdoc/>
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        var x = Input(inputs, 0);
        var bias = inputs.Count > 2 ? inputs[2] : null;
        var g = Conv.ResolveGeometry(node, x.Shape, _weightShape, bias?.Shape);
        var y = Tensor.Uninitialized(DataType.Float32, new TensorShape(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth));
        int pixels = g.OutHeight * g.OutWidth, rows = g.Batch * pixels;
        int chunk = Math.Clamp(ScratchElements / Math.Max(Inputs, Outputs), 1, Math.Max(rows, 1));
        float[] columns = ArrayPool<float>.Shared.Rent(chunk * Inputs);
        float[] results = ArrayPool<float>.Shared.Rent(chunk * Outputs);
        try
        {
            for (int group = 0; group < g.Groups; group++)
            {
                var matrix = Matrix(group);
                for (int first = 0; first < rows; first += chunk)
                {
                    int count = Math.Min(chunk, rows - first);
                    Im2Col(g, x.Float32Array, group, first, count, columns);
                    matrix.MultiplyColumnMajor(columns.AsSpan(0, count * Inputs), count, results.AsSpan(0, count * Outputs));

                    Scatter(g, results, group, first, count, bias is null ? default : bias.Float32, y.Float32);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
            ArrayPool<float>.Shared.Return(results);
        }

        return [y];
    }

    /// <summary>
    /// Unrolls output pixels [first, first+count) of group <paramref name="group"/> into k-vectors stored as columns:
    /// row r = (c, i, j) of <paramref name="destination"/> (k×count) holds tap (i, j) of channel c for every pixel, so
    /// within one output row the pixels' values are a strided (with stride 1, contiguous) run of one input row. Work goes
    /// by output row (b, oh); taps outside the input are zeros.
    /// </summary>
    private static unsafe void Im2Col(Conv2DGeometry g, float[] x, int group, int first, int count, float[] destination)
    {
        int firstRow = first / g.OutWidth, lastRow = (first + count - 1) / g.OutWidth;
        if (x.Length < g.InputLength || destination.Length < (long)count * g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth)
        {
            throw new ArgumentException($"im2col buffers too small: input {x.Length} of {g.InputLength}, destination {destination.Length}");
        }

        Parallel.For(firstRow, lastRow + 1, outputRow =>
        {
            fixed (float* px = x, pd = destination)
            {
                Im2ColRow(g, px, pd, group, first, count, outputRow);
            }
        });
    }

    private static unsafe void Im2ColRow(Conv2DGeometry g, float* x, float* destination, int group, int first, int count, int outputRow)
    {
        int b = outputRow / g.OutHeight, oh = outputRow % g.OutHeight;
        int rowStart = outputRow * g.OutWidth;
        int owStart = Math.Max(first - rowStart, 0), owEnd = Math.Min(first + count - rowStart, g.OutWidth);
        int planeSize = g.InHeight * g.InWidth, sw = g.StrideWidth;
        float* channel0 = x + ((((long)b * g.InChannels) + ((long)group * g.InChannelsPerGroup)) * planeSize);
        float* column0 = destination + (rowStart + owStart - first);
        int r = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
        {
            float* plane = channel0 + ((long)c * planeSize);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                for (int j = 0; j < g.KernelWidth; j++, r++)
                {
                    var d = new Span<float>(column0 + ((long)r * count), owEnd - owStart);
                    if ((uint)ih >= (uint)g.InHeight)
                    {
                        d.Clear();
                        continue;
                    }

                    // Output columns ow whose input column iw = ow·sw − padLeft + j·dw lies inside [0, inW).
                    int offset = (j * g.DilationWidth) - g.PadLeft;
                    int lo = Math.Clamp(offset >= 0 ? 0 : (-offset + sw - 1) / sw, owStart, owEnd);
                    int hi = Math.Clamp(g.InWidth - 1 - offset < 0 ? 0 : ((g.InWidth - 1 - offset) / sw) + 1, lo, owEnd);
                    d[..(lo - owStart)].Clear();
                    d[(hi - owStart)..].Clear();
                    float* source = plane + ((long)ih * g.InWidth) + offset;
                    if (sw == 1)
                    {
                        new ReadOnlySpan<float>(source + lo, hi - lo).CopyTo(d[(lo - owStart)..]);
                    }
                    else
                    {
                        for (int ow = lo; ow < hi; ow++)
                        {
                            d[ow - owStart] = source[(long)ow * sw];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes MVM results, transposed (row o holds output channel o of every pixel), into NCHW adding the bias: each
    /// channel's run of pixels within one image is a contiguous copy.
    /// </summary>
    private static void Scatter(Conv2DGeometry g, float[] results, int group, int first, int count, ReadOnlySpan<float> bias, Span<float> y)
    {
        int n = g.OutChannelsPerGroup, pixels = g.OutHeight * g.OutWidth;
        for (int row = first; row < first + count;)
        {
            int b = row / pixels, p = row % pixels, run = Math.Min(pixels - p, first + count - row);
            for (int o = 0; o < n; o++)
            {
                int channel = (group * n) + o;
                var source = results.AsSpan((o * count) + (row - first), run);
                var target = y.Slice((((b * g.OutChannels) + channel) * pixels) + p, run);
                TensorPrimitives.Add(source, bias.IsEmpty ? 0f : bias[channel], target);
            }

            row += run;
        }
    }
}
