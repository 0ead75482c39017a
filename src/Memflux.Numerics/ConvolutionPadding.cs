namespace Memflux.Numerics;

/// <summary>
/// Zero padding made explicit: a copy of the input with the geometry's pads as zero borders, after which the same
/// convolution is one with no padding on a larger input (<see cref="Unpadded"/>), every window wholly inside it.
/// Kernels then read taps without bounds checks.
/// </summary>
internal static unsafe class ConvolutionPadding
{
    /// <summary>Whether <paramref name="g"/> pads its input at all.</summary>
    internal static bool IsPadded(in Conv2DGeometry g) => g.PadTop + g.PadBottom + g.PadLeft + g.PadRight > 0;

    /// <summary>The same convolution on the padded input: spatial sizes grown by the pads, pads 0.</summary>
    internal static Conv2DGeometry Unpadded(in Conv2DGeometry g) => g with
    {
        InHeight = g.InHeight + g.PadTop + g.PadBottom,
        InWidth = g.InWidth + g.PadLeft + g.PadRight,
        PadTop = 0,
        PadLeft = 0,
        PadBottom = 0,
        PadRight = 0,
    };

    /// <summary>Floats of one padded image (all channels).</summary>
    internal static long ImageLength(in Conv2DGeometry g) =>
        (long)g.InChannels * (g.InHeight + g.PadTop + g.PadBottom) * (g.InWidth + g.PadLeft + g.PadRight);

    /// <summary>
    /// Copies images [<paramref name="firstImage"/>, +<paramref name="images"/>) of NCHW <paramref name="x"/> into
    /// <paramref name="dst"/> with zero borders, one plane per work item on up to <paramref name="threads"/> threads.
    /// </summary>
    internal static void Pad(in Conv2DGeometry g, float* x, int firstImage, int images, float* dst, int threads)
    {
        int c = g.InChannels, h = g.InHeight, w = g.InWidth, top = g.PadTop, left = g.PadLeft;
        int hp = h + top + g.PadBottom, wp = w + left + g.PadRight;
        void Plane(int item)
        {
            int image = item / c, channel = item % c;
            var d = new Span<float>(dst + ((((long)image * c) + channel) * hp * wp), hp * wp);
            float* s = x + (((((long)firstImage + image) * c) + channel) * h * w);
            d[..(top * wp)].Clear();
            d[((top + h) * wp)..].Clear();
            for (int iy = 0; iy < h; iy++)
            {
                var row = d.Slice((top + iy) * wp, wp);
                row[..left].Clear();
                new ReadOnlySpan<float>(s + ((long)iy * w), w).CopyTo(row[left..]);
                row[(left + w)..].Clear();
            }
        }

        int items = images * c;
        if (threads > 1 && (long)items * hp * wp > 1 << 16)
        {
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, Plane);
        }
        else
        {
            for (int i = 0; i < items; i++)
            {
                Plane(i);
            }
        }
    }
}
