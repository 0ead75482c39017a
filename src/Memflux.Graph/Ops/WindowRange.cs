namespace Memflux.Graph.Ops;

/// <summary>
/// The kernel taps of one pooling window that fall inside the input, computed once per output row or column so the
/// inner loops need no bounds tests.
/// </summary>
internal static class WindowRange
{
    /// <summary>
    /// For output position <paramref name="o"/>: the window start in input coordinates and the half-open range of kernel
    /// taps k with 0 ≤ start + k·dilation &lt; <paramref name="input"/> (empty when begin ≥ end).
    /// </summary>
    public static (int Start, int Begin, int End) Of(int o, int input, int kernel, int stride, int padBegin, int dilation)
    {
        int start = (o * stride) - padBegin;
        int begin = start < 0 ? (-start + dilation - 1) / dilation : 0;
        int end = Math.Min(kernel, (input - start + dilation - 1) / dilation);
        return (start, begin, end);
    }

    /// <summary>Fills <paramref name="ranges"/> with (start, begin, end) triples for every output column.</summary>
    public static void Fill(int input, int kernel, int stride, int padBegin, int dilation, Span<int> ranges)
    {
        for (int o = 0; o < ranges.Length / 3; o++)
        {
            var (start, begin, end) = Of(o, input, kernel, stride, padBegin, dilation);
            ranges[3 * o] = start;
            ranges[(3 * o) + 1] = begin;
            ranges[(3 * o) + 2] = end;
        }
    }

    /// <summary>
    /// Kernel taps of the window starting at <paramref name="start"/> that lie before <paramref name="paddedEnd"/>
    /// (input plus end pad): the count_include_pad divisor, which excludes taps a ceil_mode window hangs past the pad.
    /// </summary>
    public static int PaddedCount(int start, int kernel, int dilation, int paddedEnd)
    {
        int end = Math.Min(start + (kernel * dilation), paddedEnd);
        return 1 + ((end - start - 1) / dilation);
    }
}
