using Memflux.Devices;

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

    public static TheoryData<string> InputStages => ["dac-8bit-absmax", "no-noise-management", "unlimited-dac-clipped", "unlimited-dac"];

    /// <summary>
    /// Column-major input (xᵀ, k×m) gives the same bits as row-major input, through noise management, DAC, several row
    /// blocks and the output stages; a zero vector, a NaN and an infinity take the same path in both forms.
    /// </summary>
    [Theory]
    [MemberData(nameof(InputStages))]
    public void ColumnMajorInputGivesTheSameBits(string stage)
    {
        var config = stage switch
        {
            "dac-8bit-absmax" => Noisy,
            "no-noise-management" => Noisy with { NoiseManagement = NoiseManagement.None },
            "unlimited-dac-clipped" => Noisy with { Dac = new DacSpec(null, 0.75) },
            _ => Noisy with { Dac = new DacSpec(), NoiseManagement = NoiseManagement.None },
        };
        var x = TestData.Uniform(M * K, 85);
        Array.Clear(x, 5 * K, K);
        x[(7 * K) + 3] = float.NaN;
        x[(9 * K) + 100] = float.PositiveInfinity;
        var xt = Transpose(x, M, K);
        float[] rowMajor = new float[N * M], columnMajor = new float[N * M];

        Matrix(null, config).MultiplyTransposed(x, M, rowMajor, callIndex: 6);
        Matrix(null, config).MultiplyColumnMajor(xt, M, columnMajor, callIndex: 6);

        Assert.Equal(rowMajor, columnMajor);
    }

    [Fact]
    public void ColumnMajorResultIsBitIdenticalAtAnyThreadCount()
    {
        var xt = Transpose(TestData.Uniform(M * K, 86), M, K);
        float[] one = new float[N * M], all = new float[N * M];
        Matrix(1, Noisy).MultiplyColumnMajor(xt, M, one, callIndex: 0);
        Matrix(null, Noisy).MultiplyColumnMajor(xt, M, all, callIndex: 0);
        Assert.Equal(one, all);
    }

    [Fact]
    public void ColumnMajorWrongSizesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix(null, Noisy).MultiplyColumnMajor(new float[K * 2], 2, new float[(N * 2) - 1], callIndex: 0));
        Assert.Contains($"expected xᵀ of {K}×2 and yᵀ of {N}×2", e.Message, StringComparison.Ordinal);
    }

    private static float[] Transpose(float[] x, int rows, int columns)
    {
        var t = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                t[(c * rows) + r] = x[(r * columns) + c];
            }
        }

        return t;
    }
}
