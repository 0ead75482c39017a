using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GridSample (opsets 16–21) on fp32 or fp64 4-D input: Y[n, c, h, w] samples X[n, c] at the normalised position
/// grid[n, h, w] = (x, y) in [−1, 1] (−1 is the left/top edge, +1 the right/bottom; with <c>align_corners</c> = 1 the
/// centres of the corner pixels instead). <c>mode</c> bilinear, nearest (round half to even) or bicubic (Keys,
/// α = −0.75), named linear and cubic from opset 20; pixels outside X read as <c>padding_mode</c> zeros, border
/// (clamped) or reflection (mirrored at the edges named by align_corners).
/// </summary>
/// <remarks>
/// The arithmetic is ONNX Runtime's: padding applies to each integer tap of the interpolation, not to the sampling
/// position. Volumetric (5-D) input, which opset 20 adds, is rejected.
/// </remarks>
public sealed class GridSample : Operator
{
    private enum Interpolation
    {
        Linear,
        Nearest,
        Cubic,
    }

    private enum Padding
    {
        Zeros,
        Border,
        Reflection,
    }

    /// <inheritdoc />
    public override string OpType => "GridSample";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["align_corners", "mode", "padding_mode"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var grid = RequireInput(node, inputs, 1);
        Resolve(node, x, grid);
        return [new TensorInfo(x.Type, OutputShape(x.Shape, grid.Shape))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var grid = RequireInput(node, inputs, 1);
        var p = Resolve(node, TensorInfo.Of(x), TensorInfo.Of(grid));
        var y = Tensor.Zeros(x.Type, OutputShape(x.Shape, grid.Shape));
        if (x.Type == DataType.Float32)
        {
            Run<float>(p, x.Shape, grid.Shape, x.Float32, grid.Float32, y.Float32);
        }
        else
        {
            Run<double>(p, x.Shape, grid.Shape, x.AsSpan<double>(), grid.AsSpan<double>(), y.AsSpan<double>());
        }

        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var y = node.Outputs[0].Shape;
        string mode = node.Attributes.GetString("mode", "bilinear");
        int taps = mode is "nearest" ? 0 : mode is "bicubic" or "cubic" ? 20 : 6;
        return y is null ? 0 : y.ElementCount * taps;
    }

    private static TensorShape OutputShape(TensorShape x, TensorShape grid) => new(x[0], x[1], grid[1], grid[2]);

    /// <summary>
    /// Per batch image, the taps of every output position are worked out once (rows and columns after padding, −1 for a
    /// zero; and their weights), then applied to each channel.
    /// </summary>
    private static void Run<T>(Parameters p, TensorShape xShape, TensorShape gridShape, ReadOnlySpan<T> x, ReadOnlySpan<T> grid, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = xShape[0], channels = xShape[1], height = xShape[2], width = xShape[3];
        int points = gridShape[1] * gridShape[2], plane = height * width;
        int taps = p.Mode switch { Interpolation.Nearest => 1, Interpolation.Linear => 2, _ => 4 };
        if (points == 0 || channels == 0)
        {
            return;
        }

        var rows = new int[points * taps];
        var cols = new int[points * taps];
        var rowWeights = new T[points * taps];
        var colWeights = new T[points * taps];

        // Reflection edges: pixel centres with align_corners, else the outer pixel edges (as ONNX Runtime).
        T half = T.CreateTruncating(0.5);
        T xMin = p.AlignCorners ? T.Zero : -half, yMin = xMin;
        T xMax = p.AlignCorners ? T.CreateTruncating(width - 1) : T.CreateTruncating(width) - half;
        T yMax = p.AlignCorners ? T.CreateTruncating(height - 1) : T.CreateTruncating(height) - half;
        for (int n = 0; n < batch; n++)
        {
            var positions = grid.Slice(n * points * 2, points * 2);
            for (int i = 0; i < points; i++)
            {
                T px = Denormalize(positions[2 * i], width, p.AlignCorners);
                T py = Denormalize(positions[(2 * i) + 1], height, p.AlignCorners);
                int t = i * taps;
                long x1 = Index(T.Floor(px)), y1 = Index(T.Floor(py));
                switch (p.Mode)
                {
                    case Interpolation.Nearest:
                        cols[t] = Pad(Index(T.Round(px, MidpointRounding.ToEven)), width, p.Padding, xMin, xMax);
                        rows[t] = Pad(Index(T.Round(py, MidpointRounding.ToEven)), height, p.Padding, yMin, yMax);
                        break;
                    case Interpolation.Linear:
                        cols[t] = Pad(x1, width, p.Padding, xMin, xMax);
                        cols[t + 1] = Pad(x1 + 1, width, p.Padding, xMin, xMax);
                        rows[t] = Pad(y1, height, p.Padding, yMin, yMax);
                        rows[t + 1] = Pad(y1 + 1, height, p.Padding, yMin, yMax);
                        colWeights[t] = T.CreateTruncating(x1 + 1) - px;
                        colWeights[t + 1] = px - T.CreateTruncating(x1);
                        rowWeights[t] = T.CreateTruncating(y1 + 1) - py;
                        rowWeights[t + 1] = py - T.CreateTruncating(y1);
                        break;
                    default:
                        // Taps at floor − 1 to floor + 2 along each axis.
                        for (int k = 0; k < 4; k++)
                        {
                            cols[t + k] = Pad(x1 - 1 + k, width, p.Padding, xMin, xMax);
                            rows[t + k] = Pad(y1 - 1 + k, height, p.Padding, yMin, yMax);
                        }

                        CubicCoefficients(px - T.CreateTruncating(x1 - 1) - T.One, colWeights.AsSpan(t, 4));
                        CubicCoefficients(py - T.CreateTruncating(y1 - 1) - T.One, rowWeights.AsSpan(t, 4));
                        break;
                }
            }

            for (int c = 0; c < channels; c++)
            {
                var image = x.Slice(((n * channels) + c) * plane, plane);
                var output = y.Slice(((n * channels) + c) * points, points);
                for (int i = 0; i < points; i++)
                {
                    int t = i * taps;
                    output[i] = p.Mode switch
                    {
                        Interpolation.Nearest => Pixel(image, width, rows[t], cols[t]),

                        // ONNX Runtime's order: dy2·(dx2·p11 + dx1·p12) + dy1·(dx2·p21 + dx1·p22).
                        Interpolation.Linear =>
                            (rowWeights[t] * ((colWeights[t] * Pixel(image, width, rows[t], cols[t])) + (colWeights[t + 1] * Pixel(image, width, rows[t], cols[t + 1]))))
                            + (rowWeights[t + 1] * ((colWeights[t] * Pixel(image, width, rows[t + 1], cols[t])) + (colWeights[t + 1] * Pixel(image, width, rows[t + 1], cols[t + 1])))),
                        _ => Bicubic(image, width, rows.AsSpan(t, 4), cols.AsSpan(t, 4), rowWeights.AsSpan(t, 4), colWeights.AsSpan(t, 4)),
                    };
                }
            }
        }
    }

    /// <summary>Each row interpolated along x, then the four results along y.</summary>
    private static T Bicubic<T>(ReadOnlySpan<T> image, int width, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols, ReadOnlySpan<T> rowWeights, ReadOnlySpan<T> colWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int h = 0; h < 4; h++)
        {
            T v = (colWeights[0] * Pixel(image, width, rows[h], cols[0])) + (colWeights[1] * Pixel(image, width, rows[h], cols[1]))
                + (colWeights[2] * Pixel(image, width, rows[h], cols[2])) + (colWeights[3] * Pixel(image, width, rows[h], cols[3]));
            sum = h == 0 ? rowWeights[0] * v : sum + (rowWeights[h] * v);
        }

        return sum;
    }

    private static T Pixel<T>(ReadOnlySpan<T> image, int width, int row, int col)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        row < 0 || col < 0 ? T.Zero : image[(row * width) + col];

    /// <summary>[−1, 1] to pixel coordinates: [0, length − 1] with align_corners, else [−0.5, length − 0.5].</summary>
    private static T Denormalize<T>(T n, int length, bool alignCorners)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T two = T.CreateTruncating(2);
        return alignCorners ? (n + T.One) / two * T.CreateTruncating(length - 1) : (((n + T.One) * T.CreateTruncating(length)) - T.One) / two;
    }

    /// <summary>A floored or rounded coordinate as an index, held to ±2⁴⁰ (far outside any image) so that the taps after it cannot overflow; NaN becomes 0.</summary>
    private static long Index<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => Math.Clamp(long.CreateSaturating(value), -(1L << 40), 1L << 40);

    /// <summary>The pixel a tap reads along one axis of <paramref name="length"/>: −1 for a zero (zeros padding), else in [0, length).</summary>
    private static int Pad<T>(long index, int length, Padding padding, T min, T max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (index >= 0 && index < length)
        {
            return (int)index;
        }

        return padding switch
        {
            Padding.Zeros => -1,
            Padding.Border => index < 0 ? 0 : length - 1,

            // Mirrored into [min, max]; the clamp only guards against rounding of far-away taps.
            _ => (int)Math.Clamp(long.CreateSaturating(Reflect(T.CreateTruncating(index), min, max)), 0, length - 1),
        };
    }

    /// <summary>Reflects <paramref name="x"/> at the nearer edge of [min, max] until it lies inside (ONNX Runtime's GsReflect).</summary>
    private static T Reflect<T>(T x, T min, T max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T range = max - min;
        if (!(range > T.Zero))
        {
            return min;
        }

        if (x < min)
        {
            T dx = min - x, folds = T.Truncate(dx / range), r = dx - (folds * range);
            return T.IsEvenInteger(folds) ? min + r : max - r;
        }

        if (x > max)
        {
            T dx = x - max, folds = T.Truncate(dx / range), r = dx - (folds * range);
            return T.IsEvenInteger(folds) ? max - r : min + r;
        }

        return x;
    }

    /// <summary>Keys cubic convolution weights (α = −0.75) of the four taps at offsets −1, 0, 1, 2 from a position <paramref name="t"/> past the second.</summary>
    private static void CubicCoefficients<T>(T t, Span<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.CreateTruncating(-0.75), one = T.One, two = T.CreateTruncating(2), three = T.CreateTruncating(3);
        T four = T.CreateTruncating(4), five = T.CreateTruncating(5), eight = T.CreateTruncating(8);
        t = T.Abs(t);
        T t1 = t + one, s = one - t, s1 = two - t;
        w[0] = ((((a * t1) - (five * a)) * t1) + (eight * a)) * t1 - (four * a);
        w[1] = (((((a + two) * t) - (a + three)) * t) * t) + one;
        w[2] = (((((a + two) * s) - (a + three)) * s) * s) + one;
        w[3] = ((((a * s1) - (five * a)) * s1) + (eight * a)) * s1 - (four * a);
    }

    private static Parameters Resolve(Node node, TensorInfo x, TensorInfo grid)
    {
        if (x.Type is not (DataType.Float32 or DataType.Float64) || grid.Type != x.Type)
        {
            throw node.Error($"inputs X and grid must both be Float32 or both Float64; found {x.Type} and {grid.Type}.");
        }

        if (x.Shape.Rank != 4)
        {
            throw node.Error($"input X has shape {x.Shape}; expected rank 4 (N, C, H, W) (volumetric 5-D GridSample is not supported).");
        }

        if (grid.Shape.Rank != 4 || grid.Shape[3] != 2 || grid.Shape[0] != x.Shape[0])
        {
            throw node.Error($"input grid has shape {grid.Shape}; expected [{x.Shape[0]}, H_out, W_out, 2] for X {x.Shape}.");
        }

        bool renamed = node.Opset >= 20;
        string mode = node.Attributes.GetString("mode", renamed ? "linear" : "bilinear");
        Interpolation interpolation = (mode, renamed) switch
        {
            ("bilinear", false) or ("linear", true) => Interpolation.Linear,
            ("nearest", _) => Interpolation.Nearest,
            ("bicubic", false) or ("cubic", true) => Interpolation.Cubic,
            _ => throw node.Error($"attribute 'mode' is '{mode}'; expected {(renamed ? "'linear', 'nearest' or 'cubic' (opset 20+)" : "'bilinear', 'nearest' or 'bicubic' (opsets 16–19)")}."),
        };

        string paddingMode = node.Attributes.GetString("padding_mode", "zeros");
        Padding padding = paddingMode switch
        {
            "zeros" => Padding.Zeros,
            "border" => Padding.Border,
            "reflection" => Padding.Reflection,
            _ => throw node.Error($"attribute 'padding_mode' is '{paddingMode}'; expected 'zeros', 'border' or 'reflection'."),
        };

        long alignCorners = node.Attributes.GetInt("align_corners", 0);
        if (alignCorners is not (0 or 1))
        {
            throw node.Error($"attribute 'align_corners' is {alignCorners}; expected 0 or 1.");
        }

        return new Parameters(interpolation, padding, alignCorners == 1);
    }

    private readonly record struct Parameters(Interpolation Mode, Padding Padding, bool AlignCorners);
}
