using System.Buffers;
using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

/// <summary>
/// Direct convolution on AVX-512, computed pixel-major: a register tile holds 14 output pixels × 32 output channels
/// (28 Vector512 accumulators) and sums the whole reduction k = (channel, ky, kx) of its group in one pass, in
/// ascending k, starting from the bias. Each k step loads 32 weights as two vectors and broadcasts the 14 pixels'
/// input values straight from the (zero-padded) NCHW input: no im2col panel is packed, and small feature maps waste
/// few lanes (a 7×7 map is 49 pixels in 56 tile rows, where a 32-wide pixel vector needs 64).
/// <para>
/// Pixels are taken 14 at a time in raster order of each image, so a tile may span output rows; a per-tile table of
/// input offsets makes every stride and dilation the same loop. Inputs with padding are first copied into a
/// zero-bordered buffer, a chunk of images at a time. The tile is written back transposed (channel rows of up to 14
/// pixels), then the epilogue (y += addend, relu) runs on those rows while they are in L1. Each output is computed by
/// exactly one tile, so the result does not depend on the thread count.
/// </para>
/// </summary>
internal sealed unsafe class DirectConvolution
{
    /// <summary>Output pixels per register tile.</summary>
    internal const int TilePixels = 14;

    /// <summary>Output channels per register tile and per packed weight panel.</summary>
    internal const int TileChannels = 32;

    /// <summary>Most floats of zero-padded input held at once (16 MiB; at least one image).</summary>
    private const long PadBudgetFloats = 1 << 22;

    /// <summary>Work items per thread, so a slow core does not hold up the others.</summary>
    private const int TasksPerThread = 8;

    private readonly Conv2DGeometry _g;
    private readonly float* _x, _w, _bias, _y, _addend;
    private readonly bool _relu, _padded;
    private readonly int _threads, _k, _cog, _cig, _panels, _pixels;

    /// <summary>Height and width of the input as read: with the padding, when there is any.</summary>
    private readonly int _hp, _wp;
    private readonly long _imageFloats;

    internal DirectConvolution(in Conv2DGeometry g, float* x, float* packedWeights, float* bias, float* y, int threads, float* addend = null, bool relu = false)
    {
        _g = g;
        _x = x;
        _w = packedWeights;
        _bias = bias;
        _y = y;
        _addend = addend;
        _relu = relu;
        _threads = g.Macs <= Gemm.SerialMacs ? 1 : threads;
        _cig = g.InChannelsPerGroup;
        _cog = g.OutChannelsPerGroup;
        _k = _cig * g.KernelHeight * g.KernelWidth;
        _panels = Gemm.CeilDiv(_cog, TileChannels);
        _pixels = g.OutHeight * g.OutWidth;
        _padded = ConvolutionPadding.IsPadded(g);
        var unpadded = ConvolutionPadding.Unpadded(g);
        (_hp, _wp) = (unpadded.InHeight, unpadded.InWidth);
        _imageFloats = ConvolutionPadding.ImageLength(g);
        if (_imageFloats > Array.MaxLength - Gemm.AlignFloats)
        {
            throw new ArgumentException($"Conv2D: one padded input image holds {_imageFloats} values, more than the {Array.MaxLength} a buffer can.");
        }
    }

    /// <summary>Whether the direct kernel handles geometry <paramref name="g"/> with micro-kernel kind <paramref name="kind"/>.</summary>
    /// <remarks>
    /// Pointwise (1×1) convolutions stay on the implicit GEMM: their short reductions leave the transposed write-back
    /// too large a share, and their B panels are plain copies.
    /// </remarks>
    internal static bool Applies(in Conv2DGeometry g, GemmKernelKind kind) =>
        kind == GemmKernelKind.Vector512 && GemmSettings.DirectConvolution && g.KernelHeight * g.KernelWidth > 1;

    /// <summary>Floats of the packed weights: per group, per 32-channel panel, K × 32.</summary>
    internal static int PackedLength(in Conv2DGeometry g) =>
        g.Groups * Gemm.CeilDiv(g.OutChannelsPerGroup, TileChannels) * TileChannels * g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;

    /// <summary>
    /// Packs OIHW weights into panels: dst[((group·panels + panel)·K + k)·32 + j] = w[group·cog + panel·32 + j, k], zero
    /// for channels past the group's last.
    /// </summary>
    internal static void PackWeights(in Conv2DGeometry g, float* w, float* dst)
    {
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth, cog = g.OutChannelsPerGroup;
        int panels = Gemm.CeilDiv(cog, TileChannels);
        for (int group = 0; group < g.Groups; group++)
        {
            for (int panel = 0; panel < panels; panel++)
            {
                float* d = dst + ((((nint)group * panels) + panel) * k * TileChannels);
                for (int j = 0; j < TileChannels; j++)
                {
                    int co = (panel * TileChannels) + j;
                    float* src = w + ((((nint)group * cog) + co) * k);
                    for (int p = 0; p < k; p++)
                    {
                        d[((nint)p * TileChannels) + j] = co < cog ? src[p] : 0f;
                    }
                }
            }
        }
    }

    internal void Run()
    {
        int batch = _g.Batch;
        int imagesPerChunk = _padded ? (int)Math.Clamp(PadBudgetFloats / _imageFloats, 1, batch) : batch;
        float[]? buffer = _padded ? ArrayPool<float>.Shared.Rent((int)((imagesPerChunk * _imageFloats) + Gemm.AlignFloats)) : null;
        int[] offsets = ArrayPool<int>.Shared.Rent(_k);
        KOffsets(offsets);
        try
        {
            fixed (float* raw = buffer)
            fixed (int* ko = offsets)
            {
                for (int n0 = 0; n0 < batch; n0 += imagesPerChunk)
                {
                    int images = Math.Min(imagesPerChunk, batch - n0);
                    float* source = _x + (n0 * _imageFloats);
                    if (_padded)
                    {
                        source = Gemm.Align64(raw);
                        ConvolutionPadding.Pad(_g, _x, n0, images, source, _threads);
                    }

                    ComputeImages(n0, images, source, _imageFloats, ko);
                }
            }
        }
        finally
        {
            if (buffer != null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }

            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    /// <summary>Writes the input offset of each reduction index k = (channel, ky, kx) from a pixel's window origin.</summary>
    private void KOffsets(int[] offsets)
    {
        int kh = _g.KernelHeight, kw = _g.KernelWidth;
        int rowStride = _wp, plane = _hp * _wp;
        int k = 0;
        for (int c = 0; c < _cig; c++)
        {
            for (int ky = 0; ky < kh; ky++)
            {
                for (int kx = 0; kx < kw; kx++)
                {
                    offsets[k++] = (c * plane) + (ky * _g.DilationHeight * rowStride) + (kx * _g.DilationWidth);
                }
            }
        }
    }

    /// <summary>All tiles of images [n0, n0 + count), whose (padded) input starts at <paramref name="source"/>.</summary>
    private void ComputeImages(int n0, int count, float* source, long imageStride, int* kOffset)
    {
        int tilesPerImage = Gemm.CeilDiv(_pixels, TilePixels), tiles = count * tilesPerImage;
        int panels = _g.Groups * _panels;
        int chunks = Math.Clamp(Gemm.CeilDiv(TasksPerThread * _threads, panels), 1, tiles);
        void Task(int task)
        {
            int panel = task / chunks, chunk = task % chunks;
            int t0 = (int)((long)chunk * tiles / chunks), t1 = (int)((long)(chunk + 1) * tiles / chunks);
            ComputeTiles(panel, t0, t1, tilesPerImage, n0, source, imageStride, kOffset);
        }

        int tasks = panels * chunks;
        if (_threads > 1 && tasks > 1)
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Task);
        }
        else
        {
            for (int t = 0; t < tasks; t++)
            {
                Task(t);
            }
        }
    }

    private void ComputeTiles(int groupPanel, int t0, int t1, int tilesPerImage, int n0, float* source, long imageStride, int* kOffset)
    {
        int group = groupPanel / _panels, panel = groupPanel % _panels;
        int c0 = panel * TileChannels, channels = Math.Min(TileChannels, _cog - c0);
        int rowStride = _wp, ow = _g.OutWidth, sh = _g.StrideHeight, sw = _g.StrideWidth, p = _pixels;
        long plane = (long)_hp * _wp;
        int* pixelOffset = stackalloc int[TilePixels];
        float* bias = stackalloc float[TileChannels];
        float* tileRaw = stackalloc float[(TilePixels * TileChannels) + 16];
        float* tile = Gemm.Align64(tileRaw);
        for (int j = 0; j < TileChannels; j++)
        {
            bias[j] = j < channels && _bias != null ? _bias[(group * _cog) + c0 + j] : 0f;
        }

        float* weights = _w + (((nint)groupPanel * _k) * TileChannels);
        for (int t = t0; t < t1; t++)
        {
            int image = t / tilesPerImage, j0 = t % tilesPerImage * TilePixels, count = Math.Min(TilePixels, p - j0);
            for (int r = 0; r < TilePixels; r++)
            {
                int j = j0 + Math.Min(r, count - 1), oy = j / ow, ox = j % ow;
                pixelOffset[r] = (oy * sh * rowStride) + (ox * sw);
            }

            float* x = source + (image * imageStride) + (group * _cig * plane);
            Kernel14x32(x, kOffset, weights, _k, pixelOffset, bias, tile);
            long firstOutput = ((((long)n0 + image) * _g.OutChannels) + (group * _cog) + c0) * p + j0;
            for (int c = 0; c < channels; c++)
            {
                float* y = _y + firstOutput + ((long)c * p);
                for (int r = 0; r < count; r++)
                {
                    y[r] = tile[(r * TileChannels) + c];
                }

                if (_addend != null || _relu)
                {
                    ConvolutionEpilogue.Apply(
                        new Span<float>(y, count),
                        _addend == null ? default : new ReadOnlySpan<float>(_addend + firstOutput + ((long)c * p), count),
                        _relu);
                }
            }
        }
    }

    // Unrolled by hand (one accumulator per register); keep the pattern when editing.
    private static void Kernel14x32(float* x, int* kOffset, float* w, int k, int* o, float* bias, float* tile)
    {
        var bl = Vector512.Load(bias);
        var bh = Vector512.Load(bias + 16);
        Vector512<float> c0 = bl, d0 = bh, c1 = bl, d1 = bh, c2 = bl, d2 = bh, c3 = bl, d3 = bh, c4 = bl, d4 = bh;
        Vector512<float> c5 = bl, d5 = bh, c6 = bl, d6 = bh, c7 = bl, d7 = bh, c8 = bl, d8 = bh, c9 = bl, d9 = bh;
        Vector512<float> c10 = bl, d10 = bh, c11 = bl, d11 = bh, c12 = bl, d12 = bh, c13 = bl, d13 = bh;
        int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6];
        int o7 = o[7], o8 = o[8], o9 = o[9], o10 = o[10], o11 = o[11], o12 = o[12], o13 = o[13];
        for (int p = 0; p < k; p++)
        {
            float* xk = x + kOffset[p];
            var b0 = Vector512.Load(w);
            var b1 = Vector512.Load(w + 16);
            w += TileChannels;
            var a = Vector512.Create(xk[o0]);
            c0 = Vector512.FusedMultiplyAdd(a, b0, c0);
            d0 = Vector512.FusedMultiplyAdd(a, b1, d0);
            a = Vector512.Create(xk[o1]);
            c1 = Vector512.FusedMultiplyAdd(a, b0, c1);
            d1 = Vector512.FusedMultiplyAdd(a, b1, d1);
            a = Vector512.Create(xk[o2]);
            c2 = Vector512.FusedMultiplyAdd(a, b0, c2);
            d2 = Vector512.FusedMultiplyAdd(a, b1, d2);
            a = Vector512.Create(xk[o3]);
            c3 = Vector512.FusedMultiplyAdd(a, b0, c3);
            d3 = Vector512.FusedMultiplyAdd(a, b1, d3);
            a = Vector512.Create(xk[o4]);
            c4 = Vector512.FusedMultiplyAdd(a, b0, c4);
            d4 = Vector512.FusedMultiplyAdd(a, b1, d4);
            a = Vector512.Create(xk[o5]);
            c5 = Vector512.FusedMultiplyAdd(a, b0, c5);
            d5 = Vector512.FusedMultiplyAdd(a, b1, d5);
            a = Vector512.Create(xk[o6]);
            c6 = Vector512.FusedMultiplyAdd(a, b0, c6);
            d6 = Vector512.FusedMultiplyAdd(a, b1, d6);
            a = Vector512.Create(xk[o7]);
            c7 = Vector512.FusedMultiplyAdd(a, b0, c7);
            d7 = Vector512.FusedMultiplyAdd(a, b1, d7);
            a = Vector512.Create(xk[o8]);
            c8 = Vector512.FusedMultiplyAdd(a, b0, c8);
            d8 = Vector512.FusedMultiplyAdd(a, b1, d8);
            a = Vector512.Create(xk[o9]);
            c9 = Vector512.FusedMultiplyAdd(a, b0, c9);
            d9 = Vector512.FusedMultiplyAdd(a, b1, d9);
            a = Vector512.Create(xk[o10]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10);
            d10 = Vector512.FusedMultiplyAdd(a, b1, d10);
            a = Vector512.Create(xk[o11]);
            c11 = Vector512.FusedMultiplyAdd(a, b0, c11);
            d11 = Vector512.FusedMultiplyAdd(a, b1, d11);
            a = Vector512.Create(xk[o12]);
            c12 = Vector512.FusedMultiplyAdd(a, b0, c12);
            d12 = Vector512.FusedMultiplyAdd(a, b1, d12);
            a = Vector512.Create(xk[o13]);
            c13 = Vector512.FusedMultiplyAdd(a, b0, c13);
            d13 = Vector512.FusedMultiplyAdd(a, b1, d13);
        }

        c0.Store(tile);
        d0.Store(tile + 16);
        c1.Store(tile + 32);
        d1.Store(tile + 48);
        c2.Store(tile + 64);
        d2.Store(tile + 80);
        c3.Store(tile + 96);
        d3.Store(tile + 112);
        c4.Store(tile + 128);
        d4.Store(tile + 144);
        c5.Store(tile + 160);
        d5.Store(tile + 176);
        c6.Store(tile + 192);
        d6.Store(tile + 208);
        c7.Store(tile + 224);
        d7.Store(tile + 240);
        c8.Store(tile + 256);
        d8.Store(tile + 272);
        c9.Store(tile + 288);
        d9.Store(tile + 304);
        c10.Store(tile + 320);
        d10.Store(tile + 336);
        c11.Store(tile + 352);
        d11.Store(tile + 368);
        c12.Store(tile + 384);
        d12.Store(tile + 400);
        c13.Store(tile + 416);
        d13.Store(tile + 432);
    }
}
