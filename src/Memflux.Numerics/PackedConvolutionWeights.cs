namespace Memflux.Numerics;

/// <summary>
/// Convolution weights (OIHW) rearranged once into the layout of the kernel that will run them (implicit-GEMM A
/// panels, or <see cref="DirectConvolution"/>'s 32-channel panels), so a convolution with
/// constant weights does not repack them on every call. Made by <see cref="Convolution.PackWeights"/> and used by
/// the <see cref="Convolution.Conv2D(in Conv2DGeometry, ReadOnlySpan{float}, PackedConvolutionWeights, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, bool)"/>
/// overload. The pack is a copy: later changes to the source weights are not seen, so repack after changing them.
/// The pack is tied to the micro-kernel chosen when it was made and uses it for every call.
/// </summary>
public sealed class PackedConvolutionWeights
{
    private const int AlignFloats = 16;

    private readonly float[] _data;

    internal PackedConvolutionWeights(in Conv2DGeometry g, GemmMicroKernel kernel, int length)
    {
        OutChannels = g.OutChannels;
        InChannelsPerGroup = g.InChannelsPerGroup;
        KernelHeight = g.KernelHeight;
        KernelWidth = g.KernelWidth;
        Groups = g.Groups;
        Kernel = kernel;
        _data = GC.AllocateUninitializedArray<float>(length + AlignFloats, pinned: true);
        unsafe
        {
            fixed (float* p = _data)
            {
                Offset = (int)(((((nint)p + 63) & ~(nint)63) - (nint)p) / sizeof(float));
            }
        }
    }

    /// <summary>Output channels (the weight's first dimension).</summary>
    public int OutChannels { get; }

    /// <summary>Input channels per group (the weight's second dimension).</summary>
    public int InChannelsPerGroup { get; }

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; }

    /// <summary>Groups the weights were packed for.</summary>
    public int Groups { get; }

    /// <summary>The micro-kernel whose register tile (Mr rows) the pack is laid out for.</summary>
    internal GemmMicroKernel Kernel { get; }

    /// <summary>Whether the pack holds plain OIHW weights (depthwise geometry) rather than GEMM panels.</summary>
    internal bool IsDepthwise { get; init; }

    /// <summary>Whether the pack holds <see cref="DirectConvolution"/> panels rather than implicit-GEMM A panels.</summary>
    internal bool IsDirect { get; init; }

    /// <summary>First float of the pack (64-byte aligned) inside the pinned array.</summary>
    internal int Offset { get; }

    /// <summary>The pinned backing array; the pack starts at <see cref="Offset"/>.</summary>
    internal float[] Data => _data;

    /// <summary>Whether these weights fit geometry <paramref name="g"/> (same weight shape and groups).</summary>
    public bool Fits(in Conv2DGeometry g) =>
        g.OutChannels == OutChannels && g.InChannelsPerGroup == InChannelsPerGroup && g.KernelHeight == KernelHeight
        && g.KernelWidth == KernelWidth && g.Groups == Groups;
}
