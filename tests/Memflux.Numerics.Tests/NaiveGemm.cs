namespace Memflux.Numerics.Tests;

/// <summary>The textbook triple loop, in double, as the reference for <see cref="Gemm"/>.</summary>
internal static class NaiveGemm
{
    /// <summary>
    /// Reference C and, per element, the scale of its terms (|alpha|·Σ|a·b| + |beta·c|) that bounds fp32
    /// rounding error. beta = 0 ignores C entirely.
    /// </summary>
    public static (double[] Value, double[] Scale) Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var value = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                    abs += Math.Abs(av * bv);
                }

                double cv = beta == 0 ? 0 : beta * (double)c[(i * ldc) + j];
                value[(i * n) + j] = (alpha * sum) + cv;
                scale[(i * n) + j] = (Math.Abs(alpha) * abs) + Math.Abs(cv);
            }
        }

        return (value, scale);
    }
}
