using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Numerics;

/// <summary>Which micro-kernel instruction set the GEMM runs on.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain scalar code: the fallback where no SIMD kernel applies.</summary>
    Scalar,

    /// <summary>Vector256 with FMA (AVX2-class x86).</summary>
    Vector256,

    /// <summary>Vector512 with FMA (AVX-512-class x86).</summary>
    Vector512,
}

/// <summary>
/// Test and benchmark knobs for <see cref="Gemm"/> and <see cref="Convolution"/>, scoped to the current
/// async flow (an <see cref="AsyncLocal{T}"/>), so a test that sets them does not disturb tests running
/// beside it. Results never depend on <see cref="MaxDegreeOfParallelism"/>: it exists to prove that.
/// </summary>
internal static class GemmSettings
{
    private static readonly AsyncLocal<int?> MaxDop = new();
    private static readonly AsyncLocal<GemmKernelKind?> Forced = new();
    private static readonly AsyncLocal<bool?> Direct = new();

    /// <summary>Upper bound on worker threads; null means one per processor.</summary>
    internal static int? MaxDegreeOfParallelism
    {
        get => MaxDop.Value;
        set
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be at least 1.");
            }

            MaxDop.Value = value;
        }
    }

    /// <summary>Forces a micro-kernel (it must be supported here); null picks the widest supported one.</summary>
    internal static GemmKernelKind? ForcedKernel
    {
        get => Forced.Value;
        set
        {
            if (value is { } kind && !IsSupported(kind))
            {
                throw new ArgumentOutOfRangeException(nameof(value), kind, $"The {kind} GEMM kernel is not supported on this machine.");
            }

            Forced.Value = value;
        }
    }

    /// <summary>
    /// Whether convolutions may use <see cref="DirectConvolution"/> where it applies (default true); false keeps every
    /// convolution on the implicit GEMM, so tests can check both paths.
    /// </summary>
    internal static bool DirectConvolution
    {
        get => Direct.Value ?? true;
        set => Direct.Value = value;
    }

    /// <summary>The widest micro-kernel this machine runs in hardware.</summary>
    internal static GemmKernelKind BestKernel =>
        IsSupported(GemmKernelKind.Vector512) ? GemmKernelKind.Vector512
        : IsSupported(GemmKernelKind.Vector256) ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>The worker-thread count a call may use.</summary>
    internal static int Threads => MaxDegreeOfParallelism ?? Environment.ProcessorCount;

    /// <summary>The kernel a call uses.</summary>
    internal static GemmKernelKind Kernel => ForcedKernel ?? BestKernel;

    /// <summary>
    /// Whether <paramref name="kind"/> runs in hardware. The SIMD kernels need a fused multiply-add, or
    /// Vector*.FusedMultiplyAdd falls back to slow software emulation.
    /// </summary>
    internal static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Scalar => true,
        GemmKernelKind.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        GemmKernelKind.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        _ => false,
    };
}
