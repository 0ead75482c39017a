namespace Memflux.Numerics;

/// <summary>Packing: the weights into A panels once per layer, the input into B panels by implicit im2col.</summary>
internal sealed unsafe partial class ImplicitGemmConvolution
{
    /// <summary>Floats of the packed A for geometry <paramref name="g"/> and a kernel of <paramref name="mr"/> rows.</summary>
    internal static int PackedLength(in Conv2DGeometry g, int mr) =>
        g.Groups * Gemm.RoundUp(g.OutChannelsPerGroup, mr) * g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;

    /// <summary>
    /// Packs OIHW weights into A panels: per group, per k block of <see cref="Gemm.KcBlock"/>, per Mr-row sliver,
    /// k-major (dst[p·Mr + r]); rows past the group's output channels are zero.
    /// </summary>
    internal static void PackA(in Conv2DGeometry g, int mr, float* w, float* dst, int threads)
    {
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth, cog = g.OutChannelsPerGroup;
        int mPad = Gemm.RoundUp(cog, mr), slivers = mPad / mr, groups = g.Groups;
        void Sliver(int item)
        {
            int group = item / slivers, sm = item % slivers, r0 = sm * mr, rows = Math.Min(mr, cog - r0);
            float* src0 = w + (((nint)group * cog) + r0) * k;
            for (int p0 = 0; p0 < k; p0 += Gemm.KcBlock)
            {
                int kc = Math.Min(Gemm.KcBlock, k - p0);
                float* d = dst + ((nint)group * mPad * k) + ((nint)p0 * mPad) + ((nint)sm * mr * kc);
                for (int r = 0; r < rows; r++)
                {
                    float* src = src0 + ((nint)r * k) + p0;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(p * mr) + r] = src[p];
                    }
                }

                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        d[(p * mr) + r] = 0f;
                    }
                }
            }
        }

        int items = groups * slivers;
        if (threads > 1 && items > 1 && (long)mPad * k * groups >= 1 << 16)
        {
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, Sliver);
        }
        else
        {
            for (int i = 0; i < items; i++)
            {
                Sliver(i);
            }
        }
    }

    /// <summary>
    /// Packs sliver <paramref name="s"/> of a panel (columns j0 + s·Nr …) for every k block: block p0 starts at
    /// p0·colsPad, the sliver at s·Nr·kc within it, k-major (dst[p·Nr + j]); columns past the panel are zero.
    /// </summary>
    private void PackBAllBlocks(int group, int j0, int colsPad, float* panel, int s, int cols)
    {
        int nr = _kernel.Nr, c0 = j0 + (s * nr), width = Math.Min(nr, j0 + cols - c0);
        float* xGroup = _x + ((nint)group * _g.InChannelsPerGroup * _g.InHeight * _g.InWidth);
        for (int p0 = 0; p0 < _k; p0 += Gemm.KcBlock)
        {
            int kc = Math.Min(Gemm.KcBlock, _k - p0);
            _packer.Pack(xGroup, _g.InputLength - ((long)group * _g.InChannelsPerGroup * _g.InHeight * _g.InWidth), c0, width, p0, kc, panel + ((nint)p0 * colsPad) + ((nint)s * nr * kc));
        }
    }
}
