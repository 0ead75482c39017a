using System.Buffers;
using System.Numerics.Tensors;

namespace Memflux.Numerics;

public static partial class Gemm
{
    /// <summary>Depth of one packed panel: a kc×NR sliver of B (32 KiB at NR = 32) stays in L1.</summary>
    internal const int KcBlock = 256;

    /// <summary>Columns of B packed at once (KcBlock × NcBlock floats = 4 MiB, in L3).</summary>
    internal const int NcBlock = 4096;

    /// <summary>Rows of A packed at once (MsBlock × KcBlock floats = 2 MiB).</summary>
    internal const int MsBlock = 2048;

    /// <summary>Target rows of A one compute task sweeps (≈ 144 × KcBlock floats = 144 KiB, in L2).</summary>
    internal const int McTaskRows = 144;

    /// <summary>Below this many multiply-adds a call runs on the calling thread: the pool costs more than it saves.</summary>
    internal const long SerialMacs = 1L << 18;

    /// <summary>Tasks per thread when splitting a block, so uneven edge tasks still balance.</summary>
    internal const int TasksPerThreadTarget = 4;

    /// <summary>Extra floats rented so panels can start on a 64-byte boundary.</summary>
    internal const int AlignFloats = 16;

    /// <summary>
    /// Computes C = alpha·op(A)·op(B) + beta·C on validated operands with at most <paramref name="threads"/> workers.
    /// The k blocking (and so each element's summation order) does not depend on <paramref name="threads"/>.
    /// </summary>
    internal static unsafe void MultiplyCore(
        bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleRows(m, n, beta, c, ldc);
            return;
        }

        var kernel = MicroKernelFor(GemmSettings.Kernel);
        if ((long)m * n * k <= SerialMacs)
        {
            threads = 1;
        }

        int kcMax = Math.Min(k, KcBlock);
        int ncMax = RoundUp(Math.Min(n, NcBlock), kernel.Nr);
        int msMax = RoundUp(Math.Min(m, MsBlock), kernel.Mr);
        float[] bufferA = ArrayPool<float>.Shared.Rent((msMax * kcMax) + AlignFloats);
        float[] bufferB = ArrayPool<float>.Shared.Rent((ncMax * kcMax) + AlignFloats);
        try
        {
            fixed (float* pa = a, pb = b, pc = c, rawA = bufferA, rawB = bufferB)
            {
                var job = new GemmJob(kernel, threads, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, Align64(rawA), Align64(rawB), msMax);
                job.Run();
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bufferA);
            ArrayPool<float>.Shared.Return(bufferB);
        }
    }

    /// <summary>C = beta·C (k = 0: the product is empty). beta = 0 overwrites, so NaN in C is ignored.</summary>
    private static void ScaleRows(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    internal static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    internal static int CeilDiv(int x, int y) => (x + y - 1) / y;

    /// <summary>The first 64-byte boundary at or after <paramref name="p"/> (rent <see cref="AlignFloats"/> extra floats).</summary>
    internal static unsafe float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
