namespace Memflux.Numerics;

/// <summary>
/// Products with a convolution's unrolled input X (im2col: k = C/group·kH·kW rows, one k-vector per output pixel,
/// pixels image-major) that never materialize it. This value covers rows [kBegin, +kCount) of one group, a sliver of
/// <see cref="Width"/> pixels at a time: <see cref="Pack"/> packs one straight from the
/// NCHW input, k-major, and <see cref="Multiply"/> multiplies it by packed Aᵀ. The caller may edit a packed sliver in
/// between (the analog tiles scale and quantize each pixel's vector there) and runs slivers on any threads: each
/// writes only its own columns of yᵀ. The input must stay pinned while this value is used.
/// </summary>
public readonly unsafe struct UnrolledSlivers
{
    private readonly ConvolutionSliverPacker _packer;
    private readonly GemmMicroKernel _kernel;
    private readonly float* _xGroup;
    private readonly int _kBegin, _pixels;
    private readonly long _readable;

    /// <summary>
    /// Slivers of group <paramref name="group"/> of <paramref name="g"/>'s unrolled input, rows [<paramref name="kBegin"/>,
    /// +<paramref name="kCount"/>), read from <paramref name="input"/> (pinned, <see cref="Conv2DGeometry.InputLength"/> floats).
    /// </summary>
    public UnrolledSlivers(in Conv2DGeometry g, float* input, int group, int kBegin, int kCount)
    {
        g.Validate();
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        if (input is null || (uint)group >= (uint)g.Groups || kBegin < 0 || kCount <= 0 || kBegin + kCount > k)
        {
            throw new ArgumentException($"UnrolledSlivers: group {group} of {g.Groups}, rows [{kBegin}, +{kCount}) of {k}{(input is null ? ", no input" : "")}.");
        }

        _kernel = Gemm.MicroKernelFor(GemmSettings.Kernel);
        _packer = new ConvolutionSliverPacker(g, _kernel.Nr);
        long groupOffset = (long)group * g.InChannelsPerGroup * g.InHeight * g.InWidth;
        _xGroup = input + groupOffset;
        _readable = g.InputLength - groupOffset;
        _kBegin = kBegin;
        KCount = kCount;
        _pixels = g.Batch * g.OutHeight * g.OutWidth;
    }

    /// <summary>Pixels per sliver on this machine (the GEMM micro-kernel's Nr).</summary>
    public static int SliverWidth => Gemm.MicroKernelFor(GemmSettings.Kernel).Nr;

    /// <summary>Pixels per sliver of this value (<see cref="SliverWidth"/> when it was made).</summary>
    public int Width => _kernel.Nr;

    /// <summary>Rows of every sliver.</summary>
    public int KCount { get; }

    /// <summary>Floats of one packed sliver: <see cref="KCount"/> × <see cref="Width"/>.</summary>
    public int Length => KCount * _kernel.Nr;

    /// <summary>
    /// Packs pixels [<paramref name="firstPixel"/>, +<paramref name="width"/>) (width ≤ <see cref="Width"/>) into
    /// <paramref name="destination"/> (<see cref="Length"/> floats, 64-byte aligned): row i of pixel firstPixel + t at
    /// [i·Width + t]; taps in the padding and lanes t ≥ width are zero.
    /// </summary>
    public void Pack(int firstPixel, int width, float* destination)
    {
        if (firstPixel < 0 || width <= 0 || width > _kernel.Nr || firstPixel + (long)width > _pixels)
        {
            throw new ArgumentException($"UnrolledSlivers: pixels [{firstPixel}, +{width}) of {_pixels} in slivers of {_kernel.Nr}.");
        }

        _packer.Pack(_xGroup, _readable, firstPixel, width, _kBegin, KCount, destination);
    }

    /// <summary>
    /// yᵀ[:, 0..width) = Aᵀ·sliver, yᵀ being <paramref name="a"/>.Rows rows of stride <paramref name="ldy"/> at
    /// <paramref name="y"/>: the bits of <c>Gemm.Multiply</c> on the materialized sliver (k blocks in ascending order,
    /// the first overwriting), whatever the sliver's position.
    /// </summary>
    public void Multiply(UnrolledWeights a, float* sliver, int width, float* y, int ldy)
    {
        ArgumentNullException.ThrowIfNull(a);
        int mr = _kernel.Mr, nr = _kernel.Nr;
        if (a.KCount != KCount || a.Kernel.Mr != mr || a.Kernel.Nr != nr || width <= 0 || width > nr || ldy < width)
        {
            throw new ArgumentException($"UnrolledSlivers: weights of {a.KCount} columns for Mr {a.Kernel.Mr}, a sliver of {KCount} rows, {width} of {nr} pixels, ldy {ldy}.");
        }

        var run = _kernel.Run;
        float* tile = stackalloc float[GemmMicroKernel.MaxTile];
        for (int p0 = 0; p0 < KCount; p0 += Gemm.KcBlock)
        {
            int kc = Math.Min(Gemm.KcBlock, KCount - p0);
            float beta = p0 == 0 ? 0f : 1f;
            float* bBlock = sliver + ((nint)p0 * nr);
            int rowBase = 0, packedBase = 0;
            foreach (int rows in a.PartRows)
            {
                for (int r0 = 0; r0 < rows; r0 += mr)
                {
                    float* packedA = a.Data + ((nint)p0 * a.PaddedRows) + ((nint)(packedBase + r0) * kc);
                    float* c = y + ((nint)(rowBase + r0) * ldy);
                    int valid = Math.Min(mr, rows - r0);
                    if (valid == mr && width == nr)
                    {
                        run(packedA, bBlock, kc, c, ldy, beta);
                    }
                    else
                    {
                        run(packedA, bBlock, kc, tile, nr, 0f);
                        GemmJob.UpdateEdge(tile, nr, c, ldy, valid, width, beta);
                    }
                }

                rowBase += rows;
                packedBase += Gemm.RoundUp(rows, mr);
            }
        }
    }
}
