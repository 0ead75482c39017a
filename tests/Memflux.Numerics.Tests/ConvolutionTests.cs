namespace Memflux.Numerics.Tests;

public class ConvolutionTests
{
    /// <summary>fp32 sums of K = cin/group·kH·kW terms: error ≤ RelativeTolerance·sqrt(K)·Σ|x·w|.</summary>
    private const double RelativeTolerance = 1e-5;

    /// <summary>Floor for outputs whose terms are all tiny or absent (fully padded windows).</summary>
    private const double AbsoluteTolerance = 1e-6;

    public static TheoryData<Conv2DGeometry> AwkwardGeometries() =>
    [
        new(1, 3, 7, 9, 5, 3, 3),
        new(3, 4, 11, 13, 6, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1),
        new(1, 5, 17, 15, 7, 3, 5, PadTop: 3, PadLeft: 3, PadBottom: 2, PadRight: 2),
        new(1, 4, 19, 23, 8, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadLeft: 0, PadBottom: 0, PadRight: 1),
        new(3, 6, 20, 17, 9, 5, 3, StrideHeight: 3, StrideWidth: 3, PadTop: 2, PadLeft: 1, PadBottom: 2, PadRight: 1),
        new(1, 3, 15, 16, 4, 3, 3, PadTop: 2, PadLeft: 2, PadBottom: 2, PadRight: 2, DilationHeight: 2, DilationWidth: 2),
        new(1, 8, 13, 11, 12, 3, 3, StrideHeight: 2, StrideWidth: 1, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1, DilationHeight: 2, DilationWidth: 1, Groups: 4),
        new(3, 6, 9, 9, 4, 1, 1, Groups: 2),
        new(1, 33, 17, 19, 65, 1, 1),
        new(1, 16, 12, 12, 24, 1, 1, StrideHeight: 2, StrideWidth: 2),
        new(1, 16, 9, 9, 8, 1, 1, PadTop: 1, PadLeft: 0, PadBottom: 0, PadRight: 1),
        new(1, 7, 29, 31, 7, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1, Groups: 7),
        new(3, 6, 15, 17, 12, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 0, PadLeft: 1, PadBottom: 1, PadRight: 0, Groups: 6),
        new(1, 5, 13, 13, 5, 5, 5, StrideHeight: 3, StrideWidth: 3, PadTop: 3, PadLeft: 3, PadBottom: 2, PadRight: 2, DilationHeight: 2, DilationWidth: 2, Groups: 5),
        new(1, 1, 8, 8, 3, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1),
        new(0, 4, 9, 9, 4, 3, 3),
        new(1, 2, 3, 3, 3, 3, 3),
        new(1, 2, 1, 1, 3, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1),
        new(1, 2, 5, 5, 3, 3, 3, PadTop: 4, PadLeft: 0, PadBottom: 0, PadRight: 4),
        new(2, 32, 30, 30, 48, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1),
    ];

    [Theory]
    [MemberData(nameof(AwkwardGeometries))]
    public void Matches_naive_reference(Conv2DGeometry g)
    {
        foreach (bool withBias in new[] { true, false })
        {
            Check(g, withBias, seed: g.GetHashCode());
        }
    }

    [Theory]
    [MemberData(nameof(AwkwardGeometries))]
    public void Matches_naive_reference_on_every_kernel(Conv2DGeometry g)
    {
        foreach (var kind in GemmTests.SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            Check(g, withBias: true, seed: 11);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Result_does_not_depend_on_thread_count(bool depthwise)
    {
        var g = depthwise
            ? new Conv2DGeometry(2, 24, 33, 35, 48, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1, Groups: 24)
            : new Conv2DGeometry(2, 24, 33, 35, 40, 3, 3, PadTop: 1, PadLeft: 2, PadBottom: 0, PadRight: 1, Groups: 2);
        var x = TestData.Uniform(1, g.InputLength);
        var w = TestData.Uniform(2, g.WeightLength);
        var bias = TestData.Uniform(3, g.OutChannels);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 5 })
        {
            GemmSettings.MaxDegreeOfParallelism = threads;
            var y = new float[g.OutputLength];
            Convolution.Conv2D(g, x, w, bias, y);
            first ??= y;
            Assert.Equal(first, y);
        }
    }

    [Fact]
    public void Rejects_bad_buffers_and_geometry()
    {
        var g = new Conv2DGeometry(1, 2, 4, 4, 3, 3, 3);
        var x = new float[g.InputLength];
        var w = new float[g.WeightLength];
        var y = new float[g.OutputLength];
        var input = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, new float[g.InputLength + 1], w, [], y));
        Assert.Contains($"input {g.InputLength + 1} (expected {g.InputLength})", input.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, x, new float[1], [], y));
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, x, w, [], new float[1]));
        var bias = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, x, w, new float[2], y));
        Assert.Contains("bias holds 2 values, expected 3", bias.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { Groups = 2 }, x, w, [], y));
        var stride = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { StrideWidth = 0 }, x, w, [], y));
        Assert.Contains("strides 1×0", stride.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { PadLeft = -1 }, x, w, [], y));
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { KernelHeight = 5, KernelWidth = 5 }, x, w, [], y));
    }

    private static void Check(in Conv2DGeometry g, bool withBias, int seed)
    {
        var x = TestData.Uniform(seed, g.InputLength);
        var w = TestData.Uniform(seed + 1, g.WeightLength);
        var bias = withBias ? TestData.Uniform(seed + 2, g.OutChannels) : [];
        var y = TestData.Uniform(seed + 3, g.OutputLength); // garbage the kernel must overwrite
        var (expected, scale) = NaiveConvolution.Conv2D(g, x, w, bias);
        Convolution.Conv2D(g, x, w, bias, y);
        double relative = RelativeTolerance * Math.Sqrt(g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth);
        for (int i = 0; i < y.Length; i++)
        {
            double tolerance = AbsoluteTolerance + (relative * scale[i]);
            if (!(Math.Abs(y[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"{g} bias={withBias} kernel={GemmSettings.Kernel}: y[{i}] = {y[i]}, expected {expected[i]} ± {tolerance}.");
            }
        }
    }
}
