namespace Memflux.Numerics.Tests;

/// <summary>
/// The direct (pixel-major) convolution: chosen for spatial kernels on AVX-512 machines, equal to the naive reference
/// with and without it, at tile edges (pixel counts not a multiple of 14, channel counts not a multiple of 32), with
/// padding buffered a chunk of images at a time, and independent of the thread count.
/// </summary>
public class DirectConvolutionTests
{
    private static bool Avx512 => GemmSettings.IsSupported(GemmKernelKind.Vector512);

    public static TheoryData<Conv2DGeometry> EdgeGeometries() =>
    [
        new(1, 3, 7, 7, 33, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1), // 49 pixels: 3 full tiles and 7 rows
        new(2, 17, 5, 3, 65, 3, 3), // 3 pixels per image: one partial tile per image; 3 panels, the last 1 wide
        new(3, 8, 15, 16, 32, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 0, PadLeft: 1, PadBottom: 1, PadRight: 0),
        new(1, 6, 21, 19, 80, 5, 3, StrideHeight: 1, StrideWidth: 3, PadTop: 2, PadLeft: 0, PadBottom: 3, PadRight: 1, DilationHeight: 2, DilationWidth: 1, Groups: 2),
        new(2, 12, 12, 12, 96, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1, Groups: 3),
        new(1, 4, 10, 30, 14, 1, 7, PadTop: 0, PadLeft: 3, PadBottom: 0, PadRight: 3),
        new(1, 3, 30, 30, 20, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadLeft: 3, PadBottom: 3, PadRight: 3),
    ];

    [Fact]
    public void Spatial_kernels_take_the_direct_path_on_avx512_and_pointwise_ones_do_not()
    {
        var spatial = new Conv2DGeometry(1, 4, 8, 8, 6, 3, 3);
        var pointwise = new Conv2DGeometry(1, 4, 8, 8, 6, 1, 1);
        Assert.Equal(Avx512, Convolution.PackWeights(spatial, new float[spatial.WeightLength]).IsDirect);
        Assert.False(Convolution.PackWeights(pointwise, new float[pointwise.WeightLength]).IsDirect);
        GemmSettings.DirectConvolution = false;
        Assert.False(Convolution.PackWeights(spatial, new float[spatial.WeightLength]).IsDirect);
        if (Avx512)
        {
            GemmSettings.DirectConvolution = true;
            GemmSettings.ForcedKernel = GemmKernelKind.Vector256;
            Assert.False(Convolution.PackWeights(spatial, new float[spatial.WeightLength]).IsDirect);
        }
    }

    [Theory]
    [MemberData(nameof(EdgeGeometries))]
    public void Direct_and_implicit_paths_match_the_naive_reference(Conv2DGeometry g)
    {
        foreach (bool direct in new[] { true, false })
        {
            GemmSettings.DirectConvolution = direct;
            foreach (bool prepacked in new[] { true, false })
            {
                ConvolutionTests.Check(g, withBias: true, seed: 3, prepacked);
            }
        }
    }

    public static TheoryData<Conv2DGeometry> ParallelGeometries()
    {
        var data = EdgeGeometries();
        data.Add(new(2, 40, 17, 15, 70, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1)); // past the serial threshold
        data.Add(new(1, 64, 7, 7, 96, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1)); // fewer tiles than tasks
        return data;
    }

    [Theory]
    [MemberData(nameof(ParallelGeometries))]
    public void Direct_path_result_does_not_depend_on_thread_count(Conv2DGeometry g)
    {
        var x = TestData.Uniform(1, g.InputLength);
        var w = TestData.Uniform(2, g.WeightLength);
        var bias = TestData.Uniform(3, g.OutChannels);
        var addend = TestData.Uniform(4, g.OutputLength);
        var packed = Convolution.PackWeights(g, w);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 5 })
        {
            GemmSettings.MaxDegreeOfParallelism = threads;
            var y = new float[g.OutputLength];
            Convolution.Conv2D(g, x, packed, bias, y, addend, relu: true);
            first ??= y;
            Assert.Equal(first, y);
        }
    }

    /// <summary>One padded image of over 4M floats: the padding buffer holds one image at a time, three chunks in all.</summary>
    [Fact]
    public void Padding_is_buffered_a_chunk_of_images_at_a_time()
    {
        var g = new Conv2DGeometry(3, 1, 2050, 2050, 2, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1);
        Assert.True((long)(g.InHeight + 2) * (g.InWidth + 2) > 1 << 22);
        ConvolutionTests.Check(g, withBias: true, seed: 9, prepacked: true);
    }
}
