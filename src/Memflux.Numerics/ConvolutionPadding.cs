using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <paramref name="dst"/> with zero borders, runs of planes (at least <see cref="ItemFloats"/> padded floats each)
    /// per work item on up to <paramref name="threads"/> threads.
    /// </summary>
    internal static void Pad(in Conv2DGeometry g, float* x, int firstImage, int images, float* dst, int threads)
    {
        int c = g.InChannels, h = g.InHeight, w = g.InWidth, top = g.PadTop, left = g.PadLeft;
        int hp = h + top + g.PadBottom, wp = w + left + g.PadRight;
        float* source = x + ((long)firstImage * c * h * w);
        int planes = images * c;
        int perItem = Math.Max(1, ItemFloats / (hp * wp));
        int items = (planes + perItem - 1) / perItem;
        void Planes(int item)
        {
            for (int p = item * perItem, end = Math.Min(planes, p + perItem); p < end; p++)
            {
                float* d = dst + ((long)p * hp * wp), s = source + ((long)p * h * w);
                new Span<float>(d, top * wp).Clear();
                new Span<float>(d + ((long)(top + h) * wp), (hp - top - h) * wp).Clear();
                for (int iy = 0; iy < h; iy++)
                {
                    float* row = d + ((long)(top + iy) * wp);
                    for (int j = 0; j < left; j++)
                    {
                        row[j] = 0f;
                    }

                    CopyRow(s + ((long)iy * w), row + left, w);
                    for (int j = left + w; j < wp; j++)
                    {
                        row[j] = 0f;
                    }
                }
            }
        }

        if (threads > 1 && items > 1 && (long)planes * hp * wp > 1 << 16)
        {
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, Planes);
        }
        else
        {
            for (int i = 0; i < items; i++)
            {
                Planes(i);
            }
        }
    }

    /// <summary>Padded floats a work item of <see cref="Pad"/> writes at least (whole planes).</summary>
    private const int ItemFloats = 1 << 14;

    /// <summary>Copies a short row: Vector512 copies and a masked tail (no call per row, as a span copy would cost).</summary>
    private static void CopyRow(float* source, float* destination, int length)
    {
        if (!Avx512F.IsSupported)
        {
            new ReadOnlySpan<float>(source, length).CopyTo(new Span<float>(destination, length));
            return;
        }

        int o = 0;
        for (; o + Vector512<float>.Count <= length; o += Vector512<float>.Count)
        {
            Vector512.Store(Vector512.Load(source + o), destination + o);
        }

        if (o < length)
        {
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(length - o)).AsSingle();
            Avx512F.MaskStore(destination + o, mask, Avx512F.MaskLoad(source + o, mask, Vector512<float>.Zero));
        }
    }
}
