namespace Memflux.Numerics;

/// <summary>
/// Single-precision general matrix multiply on row-major matrices: packed panels, cache blocking over
/// k/m/n and a register-blocked FMA micro-kernel (Vector512, Vector256 or scalar), run on the thread pool.
/// Every element of C is summed in the same order whatever the thread count, so results are bit-for-bit
/// reproducible on a given machine and kernel.
/// </summary>
public static partial class Gemm
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, row-major. op(A) is m×k (A is k×m when <paramref name="transA"/>),
    /// op(B) is k×n (B is n×k when <paramref name="transB"/>). With beta = 0, C is overwritten (NaN in C is ignored).
    /// alpha is applied to op(A) while packing, so alpha·a·b follows IEEE rules (alpha = 0 with an infinite A gives NaN).
    /// </summary>
    public static void Multiply(
        bool transA,
        bool transB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        CheckOperand(a, transA ? k : m, transA ? m : k, lda, "A");
        CheckOperand(b, transB ? n : k, transB ? k : n, ldb, "B");
        CheckOperand(c, m, n, ldc, "C");
        MultiplyCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmSettings.Threads);
    }

    /// <summary>C = A·B for dense row-major A (m×k), B (k×n), C (m×n).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

    private static void CheckOperand(ReadOnlySpan<float> x, int rows, int cols, int ld, string name)
    {
        if (ld < Math.Max(cols, 1))
        {
            throw new ArgumentException($"Leading dimension of {name} is {ld}, smaller than its {cols} columns.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (x.Length < needed)
        {
            throw new ArgumentException($"{name} holds {x.Length} elements; a {rows}×{cols} matrix with leading dimension {ld} needs {needed}.");
        }
    }
}
