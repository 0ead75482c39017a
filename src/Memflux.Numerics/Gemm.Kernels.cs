using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

public static partial class Gemm
{
    /// <summary>
    /// The micro-kernel for <paramref name="kind"/>. Shapes fill the register file: 12×32 on Vector512 uses
    /// 24 accumulators of 32 zmm; 6×16 on Vector256 uses 12 of 16 ymm; the scalar 4×4 is a fallback only.
    /// </summary>
    internal static unsafe GemmMicroKernel MicroKernelFor(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => new(12, 32, &Kernel12x32),
        GemmKernelKind.Vector256 => new(6, 16, &Kernel6x16),
        _ => new(4, 4, &Kernel4x4Scalar),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* c, Vector512<float> acc, Vector512<float> beta) =>
        Vector512.FusedMultiplyAdd(beta, Vector512.Load(c), acc).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* c, Vector256<float> acc, Vector256<float> beta) =>
        Vector256.FusedMultiplyAdd(beta, Vector256.Load(c), acc).Store(c);

    /// <summary>4×4 scalar micro-kernel for machines without a SIMD FMA kernel.</summary>
    private static unsafe void Kernel4x4Scalar(float* a, float* b, int kc, float* c, int ldc, float beta)
    {
        float* acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < 4; r++)
            {
                float ar = a[r];
                float* accRow = acc + (r * 4);
                accRow[0] += ar * b[0];
                accRow[1] += ar * b[1];
                accRow[2] += ar * b[2];
                accRow[3] += ar * b[3];
            }

            a += 4;
            b += 4;
        }

        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 4; j++)
            {
                ref float cij = ref c[(r * ldc) + j];
                cij = beta == 0f ? acc[(r * 4) + j] : MathF.FusedMultiplyAdd(beta, cij, acc[(r * 4) + j]);
            }
        }
    }
}
