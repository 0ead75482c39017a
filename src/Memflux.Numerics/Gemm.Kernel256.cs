using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

// Unrolled by hand (one accumulator per register); keep the pattern when editing.
public static unsafe partial class Gemm
{
    /// <summary>6×16 micro-kernel on Vector256: C tile = A sliver (6×kc, packed k-major) · B sliver (kc×16).</summary>
    private static void Kernel6x16(float* a, float* b, int kc, float* c, int ldc, float beta)
    {
        Vector256<float> c0_0 = default, c0_1 = default;
        Vector256<float> c1_0 = default, c1_1 = default;
        Vector256<float> c2_0 = default, c2_1 = default;
        Vector256<float> c3_0 = default, c3_1 = default;
        Vector256<float> c4_0 = default, c4_1 = default;
        Vector256<float> c5_0 = default, c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        if (beta == 0f)
        {
            c0_0.Store(c);
            c0_1.Store(c + 8);
            c1_0.Store(c + (1 * ldc));
            c1_1.Store(c + (1 * ldc) + 8);
            c2_0.Store(c + (2 * ldc));
            c2_1.Store(c + (2 * ldc) + 8);
            c3_0.Store(c + (3 * ldc));
            c3_1.Store(c + (3 * ldc) + 8);
            c4_0.Store(c + (4 * ldc));
            c4_1.Store(c + (4 * ldc) + 8);
            c5_0.Store(c + (5 * ldc));
            c5_1.Store(c + (5 * ldc) + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Update(c, c0_0, vb);
            Update(c + 8, c0_1, vb);
            Update(c + (1 * ldc), c1_0, vb);
            Update(c + (1 * ldc) + 8, c1_1, vb);
            Update(c + (2 * ldc), c2_0, vb);
            Update(c + (2 * ldc) + 8, c2_1, vb);
            Update(c + (3 * ldc), c3_0, vb);
            Update(c + (3 * ldc) + 8, c3_1, vb);
            Update(c + (4 * ldc), c4_0, vb);
            Update(c + (4 * ldc) + 8, c4_1, vb);
            Update(c + (5 * ldc), c5_0, vb);
            Update(c + (5 * ldc) + 8, c5_1, vb);
        }
    }
}
