using System.Buffers;
using Memflux.Graph;
using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>
/// ONNX Conv (2-D, any group, stride, dilation, padding) with a constant weight on crossbars: each group's weight
/// W[o, c, i, j] becomes a k×n matrix (k = C/group·kH·kW rows in (c, i, j) order, n = O/group columns); the input is
/// unrolled (im2col, never materialized: <c>AnalogMatrix.MultiplyUnrolled</c>) into one
/// k-vector per output pixel, each an MVM. The bias is added digitally.
/// </summary>
public sealed class AnalogConv : AnalogLayer
{
    /// <summary>
    /// Output values (pixels × output channels) handled per call into the crossbars. Nothing of that size is held (work
    /// items write their finished pixels into the output), but it fixes which output pixels share a call (each call draws
    /// its own output noise), so changing it changes the noise realization (tests shrink it).
    /// </summary>
    internal static int ScratchElements { get; set; } = 1 << 20;

    private readonly TensorShape _weightShape;
    private readonly Tensor _weight;

    private AnalogConv(Node node, Tensor weight, int k, int n, int groups)
        : base(node, k, n, groups)
    {
        _weight = weight;
        _weightShape = weight.Shape;
    }

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
        return new AnalogConv(node, w, k, perGroupOut, groups);
    }

    /// <inheritdoc/>
    public override ReadOnlyMemory<float> WeightMatrix(int group)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, Groups);
        int k = Inputs, perGroupOut = Outputs;
        var source = _weight.Float32;
        var m = new float[k * perGroupOut];
        for (int o = 0; o < perGroupOut; o++)
        {
            var row = source.Slice(((group * perGroupOut) + o) * k, k);
            for (int r = 0; r < k; r++)
            {
                m[(r * perGroupOut) + o] = row[r];
            }
        }

        return m;
    }

    /// <inheritdoc/>
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => Execute(node, inputs, addend: null, relu: false);

    /// <summary>
    /// The convolution, then + <paramref name="addend"/> (when not null; the output's shape) and max(·, 0) (when
    /// <paramref name="relu"/>) as each output run is written: the bits of separate Add and Relu nodes.
    /// </summary>
    public Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs, Tensor? addend, bool relu)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        var x = Input(inputs, 0);
        var bias = inputs.Count > 2 ? inputs[2] : null;
        var g = Conv.ResolveGeometry(node, x.Shape, _weightShape, bias?.Shape);
        var y = Tensor.Uninitialized(DataType.Float32, new TensorShape(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth));
        if (addend is not null && (addend.Type != DataType.Float32 || !addend.Shape.Equals(y.Shape)))
        {
            throw node.Error($"a fused addend must be Float32{y.Shape}; found {addend.Type}{addend.Shape}.");
        }

        int rows = g.Batch * g.OutHeight * g.OutWidth;
        int chunk = Math.Clamp(ScratchElements / Outputs, 1, Math.Max(rows, 1));
        var unrolled = Convolution.PaddedInputGeometry(g);
        float[]? padded = unrolled == g ? null : ArrayPool<float>.Shared.Rent(unrolled.InputLength);
        try
        {
            ReadOnlySpan<float> input = x.Float32;
            if (padded is not null)
            {
                // Padding once per call lets every row block pack its windows as plain copies.
                Convolution.PadInput(g, input, padded.AsSpan(0, unrolled.InputLength));
                input = padded.AsSpan(0, unrolled.InputLength);
            }

            var output = new OutputWriter(g, bias, y, addend, relu);
            for (int group = 0; group < g.Groups; group++)
            {
                var matrix = Matrix(group);
                for (int first = 0; first < rows; first += chunk)
                {
                    int count = Math.Min(chunk, rows - first);
                    matrix.MultiplyUnrolled(unrolled, input, group, first, count, output.For(group, first));
                }
            }
        }
        finally
        {
            if (padded is not null)
            {
                ArrayPool<float>.Shared.Return(padded);
            }
        }

        return [y];
    }

    /// <summary>
    /// Writes a work item's MVM results, transposed (row o holds output channel o of each of its pixels), into NCHW adding
    /// the bias (then the fused addend and Relu): each channel's run of pixels within one image is a contiguous copy.
    /// </summary>
    private sealed class OutputWriter(Conv2DGeometry g, Tensor? bias, Tensor y, Tensor? addend, bool relu)
    {
        public Tiles.AnalogMatrix.TransposedOutputs For(int group, int first) =>
            (firstRow, count, results) => Write(group, first + firstRow, count, results);

        private void Write(int group, int first, int count, ReadOnlySpan<float> results)
        {
            int n = g.OutChannelsPerGroup, pixels = g.OutHeight * g.OutWidth;
            var output = y.Float32;
            var add = addend is null ? default : addend.Float32;
            for (int row = first; row < first + count;)
            {
                int b = row / pixels, p = row % pixels, run = Math.Min(pixels - p, first + count - row);
                for (int o = 0; o < n; o++)
                {
                    int channel = (group * n) + o;
                    var source = results.Slice((o * count) + (row - first), run);
                    int offset = (((b * g.OutChannels) + channel) * pixels) + p;
                    var target = output.Slice(offset, run);
                    // Without a bias, + 0 still (as this write always did: a −0 output becomes +0).
                    Convolution.ApplyBiasAndEpilogue(source, bias is null ? 0f : bias.Float32[channel], target, add.IsEmpty ? default : add.Slice(offset, run), relu);
                }

                row += run;
            }
        }
    }
}
