namespace Memflux.Numerics.Tests;

public class GemmTests
{
    /// <summary>fp32 sums of k terms: error ≤ RelativeTolerance·sqrt(k)·(scale of the terms) for random data.</summary>
    private const double RelativeTolerance = 1e-5;

    /// <summary>Floor for the tolerance when the terms are tiny (k = 0, or alpha = 0).</summary>
    private const double AbsoluteTolerance = 1e-6;

    /// <summary>Padding added to leading dimensions in the strided cases.</summary>
    private const int LeadingPad = 5;

    private static readonly int[] AwkwardSizes = [0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 65, 127, 129, 300];

    public static TheoryData<int, int, int> EachSizeInEachDimension()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int s in AwkwardSizes)
        {
            data.Add(s, 17, 33);
            data.Add(33, s, 17);
            data.Add(17, 33, s);
        }

        data.Add(300, 129, 300);
        data.Add(129, 300, 65);
        data.Add(65, 127, 300);
        data.Add(1, 300, 1);
        data.Add(300, 1, 129);
        return data;
    }

    [Theory]
    [MemberData(nameof(EachSizeInEachDimension))]
    public void Matches_naive_for_all_transposes_and_kernels(int m, int n, int k)
    {
        foreach (var kind in SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            foreach (bool transA in new[] { false, true })
            {
                foreach (bool transB in new[] { false, true })
                {
                    Check(transA, transB, m, n, k, alpha: 1f, beta: 0f, pad: 0, seed: m + (7 * n) + (13 * k));
                }
            }
        }
    }

    [Theory]
    [InlineData(false, false, 0.5f, 0f)]
    [InlineData(false, true, -1.25f, 1f)]
    [InlineData(true, false, 2f, -0.5f)]
    [InlineData(true, true, 1f, 0.75f)]
    [InlineData(false, false, 0f, 2f)]
    public void Honours_alpha_beta_and_leading_dimensions(bool transA, bool transB, float alpha, float beta)
    {
        foreach (var kind in SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            foreach (var (m, n, k) in new[] { (31, 33, 65), (129, 17, 300), (3, 300, 7), (65, 65, 1) })
            {
                Check(transA, transB, m, n, k, alpha, beta, LeadingPad, seed: m * n);
            }
        }
    }

    [Fact]
    public void Beta_zero_ignores_nan_in_c()
    {
        foreach (var kind in SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            foreach (var (m, n, k) in new[] { (33, 65, 17), (12, 32, 300), (7, 3, 0) })
            {
                var c = new float[m * n];
                Array.Fill(c, float.NaN);
                var a = TestData.Uniform(1, m * k);
                var b = TestData.Uniform(2, k * n);
                Gemm.Multiply(false, false, m, n, k, 1f, a, Math.Max(k, 1), b, n, 0f, c, n);
                Assert.All(c, v => Assert.False(float.IsNaN(v)));
            }
        }
    }

    [Fact]
    public void Zero_k_scales_c_by_beta()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply(false, false, 2, 3, 0, 1f, [], 1, [], 3, 0.5f, c, 3);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2, 2.5f, 3 }, c);
    }

    [Fact]
    public void Elements_past_n_in_each_row_of_c_are_untouched()
    {
        const int m = 13, n = 33, k = 40, ldc = n + LeadingPad;
        var c = new float[((m - 1) * ldc) + n];
        Array.Fill(c, 42f);
        Gemm.Multiply(false, false, m, n, k, 1f, TestData.Uniform(3, m * k), k, TestData.Uniform(4, k * n), n, 0f, c, ldc);
        for (int i = 0; i < m - 1; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(42f, c[(i * ldc) + j]);
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Result_does_not_depend_on_thread_count(bool transA, bool transB)
    {
        // Big enough to split into many tasks and several k blocks (k > KcBlock).
        const int m = 301, n = 517, k = 700;
        var a = TestData.Uniform(5, m * k);
        var b = TestData.Uniform(6, k * n);
        var c0 = TestData.Uniform(7, m * n);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 7 })
        {
            GemmSettings.MaxDegreeOfParallelism = threads;
            var c = (float[])c0.Clone();
            Gemm.Multiply(transA, transB, m, n, k, 0.75f, a, transA ? m : k, b, transB ? k : n, 0.5f, c, n);
            first ??= c;
            Assert.Equal(first, c);
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var x = new float[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 2, 2, 1f, x, 2, x, 2, 0f, x, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, -1, 2, 1f, x, 2, x, 2, 0f, x, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, -1, 1f, x, 2, x, 2, 0f, x, 2));
        var lda = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, x, 2, x, 2, 0f, x, 2));
        Assert.Contains("Leading dimension of A is 2", lda.Message, StringComparison.Ordinal);
        var shortB = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 4, 4, 1f, x, 4, x, 4, 0f, x, 4));
        Assert.Contains("B holds 12 elements", shortB.Message, StringComparison.Ordinal);
        var shortC = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 4, 4, 1, 1f, x, 1, x, 4, 0f, new float[15], 4));
        Assert.Contains("C holds 15 elements", shortC.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(true, false, 3, 2, 2, 1f, x, 2, x, 2, 0f, x, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, true, 2, 3, 2, 1f, x, 2, x, 1, 0f, x, 3));
    }

    [Fact]
    public void Unsupported_forced_kernel_or_thread_count_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmSettings.MaxDegreeOfParallelism = 0);
        foreach (var kind in Enum.GetValues<GemmKernelKind>().Where(k => !GemmSettings.IsSupported(k)))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => GemmSettings.ForcedKernel = kind);
        }
    }

    internal static IEnumerable<GemmKernelKind> SupportedKernels() =>
        Enum.GetValues<GemmKernelKind>().Where(GemmSettings.IsSupported);

    private static void Check(bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad, int seed)
    {
        int lda = Math.Max(transA ? m : k, 1) + pad, ldb = Math.Max(transB ? k : n, 1) + pad, ldc = Math.Max(n, 1) + pad;
        var a = TestData.Uniform(seed, (transA ? k : m) * lda);
        var b = TestData.Uniform(seed + 1, (transB ? n : k) * ldb);
        var c = TestData.Uniform(seed + 2, m * ldc);
        var (expected, scale) = NaiveGemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        double relative = RelativeTolerance * Math.Sqrt(Math.Max(k, 1));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double want = expected[(i * n) + j], got = c[(i * ldc) + j];
                double tolerance = AbsoluteTolerance + (relative * scale[(i * n) + j]);
                if (!(Math.Abs(got - want) <= tolerance))
                {
                    Assert.Fail($"{GemmSettings.Kernel} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta}: C[{i},{j}] = {got}, expected {want} ± {tolerance}.");
                }
            }
        }
    }
}
