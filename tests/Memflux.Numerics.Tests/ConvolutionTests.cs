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
            foreach (bool direct in new[] { true, false })
            {
                GemmSettings.DirectConvolution = direct;
                Check(g, withBias: true, seed: 11);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AwkwardGeometries))]
    public void Prepacked_weights_match_naive_reference(Conv2DGeometry g)
    {
        foreach (var kind in GemmTests.SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            Check(g, withBias: true, seed: 5, prepacked: true);
        }
    }

    [Fact]
    public void Prepacked_weights_serve_other_batch_and_spatial_sizes()
    {
        var packedFor = new Conv2DGeometry(1, 6, 9, 9, 13, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1);
        var w = TestData.Uniform(7, packedFor.WeightLength);
        var packed = Convolution.PackWeights(packedFor, w);
        foreach (var g in new[] { packedFor, packedFor with { Batch = 4, InHeight = 5, InWidth = 11 }, packedFor with { Batch = 0 } })
        {
            var x = TestData.Uniform(8, g.InputLength);
            var bias = TestData.Uniform(9, g.OutChannels);
            var y = new float[g.OutputLength];
            Convolution.Conv2D(g, x, packed, bias, y);
            var unpacked = new float[g.OutputLength];
            Convolution.Conv2D(g, x, w, bias, unpacked);
            Assert.Equal(unpacked, y);
        }
    }

    [Fact]
    public void Prepacked_weights_reject_other_shapes()
    {
        var g = new Conv2DGeometry(1, 4, 8, 8, 6, 3, 3, Groups: 2);
        var packed = Convolution.PackWeights(g, new float[g.WeightLength]);
        var y = new float[g.OutputLength];
        var e = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { Groups = 1 }, new float[g.InputLength], packed, [], y));
        Assert.Contains("6×2×3×3 in 2 groups", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, new float[g.InputLength - 1], packed, [], y));
        Assert.Throws<ArgumentException>(() => Convolution.PackWeights(g, new float[g.WeightLength + 1]));
    }

    /// <summary>
    /// Batch-merged GEMM geometries: register tiles that straddle images (7×7 planes), k past one block with an
    /// Mr-ragged channel count, several per-task column panels, and narrow shared panels; on 1, 2 and 3 threads
    /// (serial, shared-panel and per-task paths), each against the naive reference and bit-equal to one another.
    /// </summary>
    [Theory]
    [InlineData(5, 40, 7, 7, 29, 3, 1)]
    [InlineData(2, 64, 24, 24, 13, 3, 1)]
    [InlineData(3, 24, 13, 13, 17, 3, 2)]
    [InlineData(2, 16, 96, 96, 9, 1, 1)]
    [InlineData(3, 19, 14, 14, 31, 1, 2)]
    public void Batch_merged_gemm_matches_naive_reference_on_any_thread_count(int batch, int cin, int h, int w, int cout, int kernel, int stride)
    {
        int pad = kernel / 2;
        var g = new Conv2DGeometry(batch, cin, h, w, cout, kernel, kernel, stride, stride, pad, pad, pad, pad);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            GemmSettings.MaxDegreeOfParallelism = threads;
            var y = Check(g, withBias: threads != 2, seed: 21, prepacked: threads == 3);
            if (threads != 2)
            {
                first ??= y;
                Assert.Equal(first, y);
            }
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

    public static TheoryData<Conv2DGeometry> EpilogueGeometries()
    {
        var data = AwkwardGeometries();
        data.Add(new(5, 40, 7, 7, 29, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1)); // shared panels, 2 k blocks
        data.Add(new(2, 16, 96, 96, 9, 1, 1)); // per-task panels
        data.Add(new(1, 64, 14, 14, 40, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1));
        return data;
    }

    /// <summary>
    /// The fused epilogue (y += addend, then ReLU) gives the same bits as separate passes after the plain convolution,
    /// on every kernel, thread count and weight form; the addend holds a NaN, which must come through as ONNX Add/Relu pass it.
    /// </summary>
    [Theory]
    [MemberData(nameof(EpilogueGeometries))]
    public void Epilogue_has_the_bits_of_separate_add_and_relu(Conv2DGeometry g)
    {
        var x = TestData.Uniform(31, g.InputLength);
        var w = TestData.Uniform(32, g.WeightLength);
        var bias = TestData.Uniform(33, g.OutChannels);
        var addend = TestData.Uniform(34, g.OutputLength);
        if (addend.Length > 0)
        {
            addend[addend.Length / 2] = float.NaN;
        }

        foreach (var kind in GemmTests.SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            foreach (int threads in new[] { 1, 2 })
            {
                GemmSettings.MaxDegreeOfParallelism = threads;
                var plain = new float[g.OutputLength];
                Convolution.Conv2D(g, x, w, bias, plain);
                foreach (var (add, relu) in new[] { (true, true), (true, false), (false, true) })
                {
                    var expected = (float[])plain.Clone();
                    for (int i = 0; i < expected.Length; i++)
                    {
                        expected[i] = add ? expected[i] + addend[i] : expected[i];
                        expected[i] = relu ? MathF.Max(expected[i], 0f) : expected[i];
                    }

                    var fused = TestData.Uniform(35, g.OutputLength);
                    Convolution.Conv2D(g, x, w, bias, fused, add ? addend : default, relu);
                    Assert.Equal(expected, fused);
                    var packed = TestData.Uniform(36, g.OutputLength);
                    Convolution.Conv2D(g, x, Convolution.PackWeights(g, w), bias, packed, add ? addend : default, relu);
                    Assert.Equal(expected, packed);
                }
            }
        }
    }

    [Fact]
    public void Padded_input_holds_zero_borders_and_gives_the_same_convolution()
    {
        var g = new Conv2DGeometry(2, 3, 5, 4, 7, 3, 3, StrideHeight: 2, StrideWidth: 1, PadTop: 2, PadLeft: 0, PadBottom: 1, PadRight: 3);
        var unpadded = Convolution.PaddedInputGeometry(g);
        Assert.Equal((8, 7, 0, 0, 0, 0), (unpadded.InHeight, unpadded.InWidth, unpadded.PadTop, unpadded.PadLeft, unpadded.PadBottom, unpadded.PadRight));
        Assert.Equal((g.OutHeight, g.OutWidth), (unpadded.OutHeight, unpadded.OutWidth));
        var x = TestData.Uniform(1, g.InputLength);
        var padded = TestData.Uniform(2, unpadded.InputLength);
        Convolution.PadInput(g, x, padded);
        for (int plane = 0; plane < g.Batch * g.InChannels; plane++)
        {
            for (int iy = 0; iy < 8; iy++)
            {
                for (int ix = 0; ix < 7; ix++)
                {
                    int sy = iy - 2, sx = ix;
                    float expected = sy is >= 0 and < 5 && sx < 4 ? x[(plane * 20) + (sy * 4) + sx] : 0f;
                    Assert.Equal(expected, padded[(plane * 56) + (iy * 7) + ix]);
                }
            }
        }

        var w = TestData.Uniform(3, g.WeightLength);
        var bias = TestData.Uniform(4, g.OutChannels);
        foreach (var kind in GemmTests.SupportedKernels())
        {
            GemmSettings.ForcedKernel = kind;
            var direct = new float[g.OutputLength];
            Convolution.Conv2D(g, x, w, bias, direct);
            var viaPadded = new float[g.OutputLength];
            Convolution.Conv2D(unpadded, padded, w, bias, viaPadded);
            Assert.Equal(direct, viaPadded);
        }

        var e = Assert.Throws<ArgumentException>(() => Convolution.PadInput(g, x, new float[unpadded.InputLength - 1]));
        Assert.Contains($"padded {unpadded.InputLength - 1} (expected {unpadded.InputLength})", e.Message, StringComparison.Ordinal);
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
        var addend = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g, x, w, [], y, new float[y.Length - 1], relu: true));
        Assert.Contains($"addend holds {y.Length - 1} values, expected {y.Length}", addend.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { Groups = 2 }, x, w, [], y));
        var stride = Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { StrideWidth = 0 }, x, w, [], y));
        Assert.Contains("strides 1×0", stride.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { PadLeft = -1 }, x, w, [], y));
        Assert.Throws<ArgumentException>(() => Convolution.Conv2D(g with { KernelHeight = 5, KernelWidth = 5 }, x, w, [], y));
    }

    internal static float[] Check(in Conv2DGeometry g, bool withBias, int seed, bool prepacked = false)
    {
        var x = TestData.Uniform(seed, g.InputLength);
        var w = TestData.Uniform(seed + 1, g.WeightLength);
        var bias = withBias ? TestData.Uniform(seed + 2, g.OutChannels) : [];
        var y = TestData.Uniform(seed + 3, g.OutputLength); // garbage the kernel must overwrite
        var (expected, scale) = NaiveConvolution.Conv2D(g, x, w, bias);
        if (prepacked)
        {
            Convolution.Conv2D(g, x, Convolution.PackWeights(g, w), bias, y);
        }
        else
        {
            Convolution.Conv2D(g, x, w, bias, y);
        }

        double relative = RelativeTolerance * Math.Sqrt(g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth);
        for (int i = 0; i < y.Length; i++)
        {
            double tolerance = AbsoluteTolerance + (relative * scale[i]);
            if (!(Math.Abs(y[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"{g} bias={withBias} prepacked={prepacked} kernel={GemmSettings.Kernel} direct={GemmSettings.DirectConvolution}: y[{i}] = {y[i]}, expected {expected[i]} ± {tolerance}.");
            }
        }

        return y;
    }
}
