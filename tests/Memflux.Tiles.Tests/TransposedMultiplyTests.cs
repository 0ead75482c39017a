using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles.Tests;

public class TransposedMultiplyTests
{
    // m spans several output-stage work items (512 rows each) and a partial one; k, n span partial tiles.
    private const int M = 1100, K = 150, N = 70;

    private static AnalogMatrix Matrix(int? threads, TileConfig config)
    {
        var w = TestData.Uniform(K * N, 81);
        var device = new GaussianDriftDevice(programSigma: 0.8, drift: 0.05, readSigma: 0.2);
        var matrix = new AnalogMatrix(w, K, N, config, device, seed: 3, matrixId: 2) { MaxDegreeOfParallelism = threads };
        matrix.Read(3600, 1);
        return matrix;
    }

    private static TileConfig Noisy => TileConfig.PcmHermes with { Rows = 64, Columns = 32, DriftCompensation = DriftCompensation.PerColumn };

    [Fact]
    public void TransposedResultIsTheRowMajorResultTransposed()
    {
        var x = TestData.Uniform(M * K, 82);
        var y = new float[M * N];
        var yt = new float[N * M];
        Matrix(null, Noisy).Multiply(x, M, y, callIndex: 4);
        Matrix(null, Noisy).MultiplyTransposed(x, M, yt, callIndex: 4);
        for (int r = 0; r < M; r++)
        {
            for (int j = 0; j < N; j++)
            {
                Assert.Equal(y[(r * N) + j], yt[(j * M) + r]);
            }
        }
    }

    [Fact]
    public void TransposedResultIsBitIdenticalAtAnyThreadCount()
    {
        var x = TestData.Uniform(M * K, 83);
        float[] one = new float[N * M], all = new float[N * M];
        Matrix(1, Noisy).MultiplyTransposed(x, M, one, callIndex: 0);
        Matrix(null, Noisy).MultiplyTransposed(x, M, all, callIndex: 0);
        Assert.Equal(one, all);
    }

    [Fact]
    public void WideTilesSplitTheirOutputStagesByColumnGroupsWithoutChangingABit()
    {
        // 70-column tiles: the output stages run three column groups per row chunk, in parallel.
        var config = Noisy with { Columns = 70 };
        var x = TestData.Uniform(M * K, 87);
        float[] one = new float[N * M], all = new float[N * M], rowMajor = new float[M * N];
        Matrix(1, config).MultiplyTransposed(x, M, one, callIndex: 2);
        Matrix(null, config).MultiplyTransposed(x, M, all, callIndex: 2);
        Matrix(null, config).Multiply(x, M, rowMajor, callIndex: 2);
        Assert.Equal(one, all);
        for (int r = 0; r < M; r++)
        {
            for (int j = 0; j < N; j++)
            {
                Assert.Equal(rowMajor[(r * N) + j], all[(j * M) + r]);
            }
        }
    }

    [Fact]
    public void IdealTransposedProductMatchesTheExactProduct()
    {
        var w = TestData.Uniform(K * N, 81);
        var x = TestData.Uniform(M * K, 84);
        var matrix = new AnalogMatrix(w, K, N, TileConfig.Ideal with { Rows = 64, Columns = 32 }, new IdealDevice(), seed: 1, matrixId: 0);
        matrix.Read(0, 0);
        var yt = new float[N * M];
        matrix.MultiplyTransposed(x, M, yt);
        for (int r = 0; r < M; r++)
        {
            for (int j = 0; j < N; j++)
            {
                double exact = 0;
                for (int i = 0; i < K; i++)
                {
                    exact += (double)x[(r * K) + i] * w[(i * N) + j];
                }

                Assert.True(Math.Abs(yt[(j * M) + r] - exact) <= 1e-5 * Math.Max(1, Math.Abs(exact)), $"({r}, {j}): {yt[(j * M) + r]} vs {exact}");
            }
        }
    }

    [Fact]
    public void WrongSizesAreRejected()
    {
        var matrix = Matrix(null, Noisy);
        Assert.Throws<ArgumentException>(() => matrix.MultiplyTransposed(new float[K], 1, new float[N - 1], callIndex: 0));
    }

    public static TheoryData<string> InputStages => ["dac-8bit-absmax", "no-noise-management", "unlimited-dac-clipped", "unlimited-dac", "aihwkit-read-terms"];

    /// <summary>A convolution whose unrolled input is K = 6·5·5 = 150 wide with 2·25·22 = 1100 output pixels (M).</summary>
    private static readonly Conv2DGeometry Conv = new(2, 6, 25, 22, N, 5, 5, PadTop: 2, PadLeft: 2, PadBottom: 2, PadRight: 2);

    /// <summary>
    /// The unrolled convolution input, never materialized, gives the bits of the materialized im2col through noise
    /// management, DAC, three row blocks, three column blocks and the output stages; a zero input vector (all taps in
    /// an all-zero region), a NaN and an infinity take the same path in both forms.
    /// </summary>
    [Theory]
    [MemberData(nameof(InputStages))]
    public void UnrolledConvolutionInputGivesTheSameBits(string stage)
    {
        var config = stage switch
        {
            "dac-8bit-absmax" => Noisy,
            "no-noise-management" => Noisy with { NoiseManagement = NoiseManagement.None },
            "unlimited-dac-clipped" => Noisy with { Dac = new DacSpec(null, 0.75) },
            "aihwkit-read-terms" => Noisy with { ReadWeightNoise = 0.0175, AihwkitIrDrop = new AihwkitIrDrop(1.0, 2000) }, // the explicit path behind the unrolled call
            _ => Noisy with { Dac = new DacSpec(), NoiseManagement = NoiseManagement.None },
        };
        var input = TestData.Uniform(Conv.InputLength, 85);
        for (int c = 0; c < 6; c++)
        {
            Array.Clear(input, (c * 25 * 22) + (10 * 22), 8 * 22); // rows 10–17 of image 0 are zero: pixel (14, 11) sees only zeros
        }

        input[(3 * 25 * 22) + 40] = float.NaN;
        input[(25 * 22 * 7) + 300] = float.PositiveInfinity;
        int first = 37, count = M - 37 - 11;
        var x = Unroll(Conv, input, first, count);
        float[] materialized = new float[N * count], unrolled = new float[N * count];

        var materializing = Matrix(null, config);
        var unrolling = Matrix(null, config);
        materializing.MultiplyTransposed(x, count, materialized, callIndex: 6);
        unrolling.MultiplyUnrolled(Conv, input, 0, first, count, unrolled, callIndex: 6);

        Assert.Equal(materialized, unrolled);
        Assert.Equal(materializing.InputActivity.Values, unrolling.InputActivity.Values);
        Assert.Equal(materializing.InputActivity.FullScaleSum, unrolling.InputActivity.FullScaleSum, materializing.InputActivity.FullScaleSum * 1e-6); // float sums in another order
        int zeroPixel = (14 * 22) + 11 - first;
        Assert.All(x.AsSpan(zeroPixel * K, K).ToArray(), v => Assert.Equal(0f, v));
        if (config.NoiseManagement == NoiseManagement.AbsMax)
        {
            // Abs-max noise management gives an all-zero input vector exactly 0 (aihwkit's short cut), noise and offsets included.
            Assert.All(Enumerable.Range(0, N), j => Assert.Equal(0f, unrolled[(j * count) + zeroPixel]));
        }
    }

    [Fact]
    public void UnrolledResultIsBitIdenticalAtAnyThreadCount()
    {
        var input = TestData.Uniform(Conv.InputLength, 86);
        float[] one = new float[N * M], all = new float[N * M];
        Matrix(1, Noisy).MultiplyUnrolled(Conv, input, 0, 0, M, one, callIndex: 0);
        Matrix(null, Noisy).MultiplyUnrolled(Conv, input, 0, 0, M, all, callIndex: 0);
        Assert.Equal(one, all);
    }

    /// <summary>
    /// The unrolled path packs each row block's effective weights once per read: after a second read, and after
    /// reprogramming, it multiplies by the new weights (as the materialized path does), not by the packed old ones.
    /// </summary>
    [Fact]
    public void UnrolledProductsFollowEveryReadAndReprogramming()
    {
        var input = TestData.Uniform(Conv.InputLength, 88);
        var x = Unroll(Conv, input, 0, M);
        var matrix = Matrix(null, Noisy);
        float[] first = new float[N * M], expected = new float[N * M], actual = new float[N * M];
        matrix.MultiplyUnrolled(Conv, input, 0, 0, M, first, callIndex: 0);

        matrix.Read(86400, 2);
        matrix.MultiplyTransposed(x, M, expected, callIndex: 0);
        matrix.MultiplyUnrolled(Conv, input, 0, 0, M, actual, callIndex: 0);
        Assert.Equal(expected, actual);
        Assert.NotEqual(first, actual);

        matrix.Reprogram(TestData.Uniform(K * N, 89));
        matrix.Read(86400, 2);
        matrix.MultiplyTransposed(x, M, expected, callIndex: 0);
        matrix.MultiplyUnrolled(Conv, input, 0, 0, M, actual, callIndex: 0);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void UnrolledWrongShapesAreRejected()
    {
        var input = new float[Conv.InputLength];
        var e = Assert.Throws<ArgumentException>(() => Matrix(null, Noisy).MultiplyUnrolled(Conv with { KernelWidth = 3 }, input, 0, 0, 2, new float[N * 2], callIndex: 0));
        Assert.Contains($"expected a convolution of {K} inputs and {N} outputs per group", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Matrix(null, Noisy).MultiplyUnrolled(Conv, input, 0, 0, 2, new float[(N * 2) - 1], callIndex: 0));
    }

    /// <summary>Pixels [first, +count) of the im2col matrix, one k-vector (c, i, j) per pixel, row-major.</summary>
    private static float[] Unroll(in Conv2DGeometry g, float[] input, int first, int count)
    {
        int k = g.InChannels * g.KernelHeight * g.KernelWidth, plane = g.OutHeight * g.OutWidth;
        var x = new float[count * k];
        for (int t = 0; t < count; t++)
        {
            int pixel = first + t, b = pixel / plane, oh = pixel % plane / g.OutWidth, ow = pixel % g.OutWidth;
            for (int r = 0; r < k; r++)
            {
                int c = r / (g.KernelHeight * g.KernelWidth), i = r / g.KernelWidth % g.KernelHeight, j = r % g.KernelWidth;
                int ih = (oh * g.StrideHeight) - g.PadTop + i, iw = (ow * g.StrideWidth) - g.PadLeft + j;
                bool inside = ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth;
                x[(t * k) + r] = inside ? input[(((b * g.InChannels) + c) * g.InHeight * g.InWidth) + (ih * g.InWidth) + iw] : 0f;
            }
        }

        return x;
    }
}
