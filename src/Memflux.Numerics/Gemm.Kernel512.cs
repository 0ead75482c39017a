using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

// Unrolled by hand (one accumulator per register); keep the pattern when editing.
public static unsafe partial class Gemm
{
    /// <summary>12×32 micro-kernel on Vector512: C tile = A sliver (12×kc, packed k-major) · B sliver (kc×32).</summary>
    private static void Kernel12x32(float* a, float* b, int kc, float* c, int ldc, float beta)
    {
        Vector512<float> c0_0 = default, c0_1 = default;
        Vector512<float> c1_0 = default, c1_1 = default;
        Vector512<float> c2_0 = default, c2_1 = default;
        Vector512<float> c3_0 = default, c3_1 = default;
        Vector512<float> c4_0 = default, c4_1 = default;
        Vector512<float> c5_0 = default, c5_1 = default;
        Vector512<float> c6_0 = default, c6_1 = default;
        Vector512<float> c7_0 = default, c7_1 = default;
        Vector512<float> c8_0 = default, c8_1 = default;
        Vector512<float> c9_0 = default, c9_1 = default;
        Vector512<float> c10_0 = default, c10_1 = default;
        Vector512<float> c11_0 = default, c11_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            var a8 = Vector512.Create(a[8]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            var a9 = Vector512.Create(a[9]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            var a10 = Vector512.Create(a[10]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            var a11 = Vector512.Create(a[11]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a += 12;
            b += 32;
        }

        if (beta == 0f)
        {
            c0_0.Store(c);
            c0_1.Store(c + 16);
            c1_0.Store(c + (1 * ldc));
            c1_1.Store(c + (1 * ldc) + 16);
            c2_0.Store(c + (2 * ldc));
            c2_1.Store(c + (2 * ldc) + 16);
            c3_0.Store(c + (3 * ldc));
            c3_1.Store(c + (3 * ldc) + 16);
            c4_0.Store(c + (4 * ldc));
            c4_1.Store(c + (4 * ldc) + 16);
            c5_0.Store(c + (5 * ldc));
            c5_1.Store(c + (5 * ldc) + 16);
            c6_0.Store(c + (6 * ldc));
            c6_1.Store(c + (6 * ldc) + 16);
            c7_0.Store(c + (7 * ldc));
            c7_1.Store(c + (7 * ldc) + 16);
            c8_0.Store(c + (8 * ldc));
            c8_1.Store(c + (8 * ldc) + 16);
            c9_0.Store(c + (9 * ldc));
            c9_1.Store(c + (9 * ldc) + 16);
            c10_0.Store(c + (10 * ldc));
            c10_1.Store(c + (10 * ldc) + 16);
            c11_0.Store(c + (11 * ldc));
            c11_1.Store(c + (11 * ldc) + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update(c, c0_0, vb);
            Update(c + 16, c0_1, vb);
            Update(c + (1 * ldc), c1_0, vb);
            Update(c + (1 * ldc) + 16, c1_1, vb);
            Update(c + (2 * ldc), c2_0, vb);
            Update(c + (2 * ldc) + 16, c2_1, vb);
            Update(c + (3 * ldc), c3_0, vb);
            Update(c + (3 * ldc) + 16, c3_1, vb);
            Update(c + (4 * ldc), c4_0, vb);
            Update(c + (4 * ldc) + 16, c4_1, vb);
            Update(c + (5 * ldc), c5_0, vb);
            Update(c + (5 * ldc) + 16, c5_1, vb);
            Update(c + (6 * ldc), c6_0, vb);
            Update(c + (6 * ldc) + 16, c6_1, vb);
            Update(c + (7 * ldc), c7_0, vb);
            Update(c + (7 * ldc) + 16, c7_1, vb);
            Update(c + (8 * ldc), c8_0, vb);
            Update(c + (8 * ldc) + 16, c8_1, vb);
            Update(c + (9 * ldc), c9_0, vb);
            Update(c + (9 * ldc) + 16, c9_1, vb);
            Update(c + (10 * ldc), c10_0, vb);
            Update(c + (10 * ldc) + 16, c10_1, vb);
            Update(c + (11 * ldc), c11_0, vb);
            Update(c + (11 * ldc) + 16, c11_1, vb);
        }
    }
}
