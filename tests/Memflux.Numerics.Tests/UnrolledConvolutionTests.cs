using System.Runtime.InteropServices;

namespace Memflux.Numerics.Tests;

/// <summary>
/// The unmaterialized im2col product (UnrolledSlivers packing slivers, UnrolledWeights packed once) gives the bits of
/// Gemm.Multiply on the materialized (and transformed) unrolled input, for every geometry, row range, pixel range,
/// stacking of parts and thread count.
/// </summary>
public class UnrolledConvolutionTests
{
    public static TheoryData<Conv2DGeometry, int, int, int, int> Cases() => new()
    {
        // geometry, group, kBegin, kCount, firstPixel (count: to the end, minus 3)
        { new(2, 3, 9, 11, 5, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1), 0, 0, 27, 0 },
        { new(2, 40, 8, 9, 7, 3, 3, StrideHeight: 2, StrideWidth: 1, PadTop: 1, PadLeft: 0, PadBottom: 2, PadRight: 1), 0, 40, 300, 5 }, // two k blocks
        { new(1, 6, 13, 17, 4, 2, 3, StrideHeight: 1, StrideWidth: 3, PadTop: 0, PadLeft: 2, PadBottom: 1, PadRight: 1, DilationHeight: 1, DilationWidth: 2, Groups: 2), 1, 4, 11, 3 },
        { new(3, 16, 7, 7, 16, 1, 1), 0, 3, 9, 10 }, // pointwise: planes seen as rows
        { new(1, 4, 30, 30, 8, 3, 3), 0, 0, 36, 61 }, // runs along output rows of 28
        { new(2, 3, 40, 36, 8, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadLeft: 3, PadBottom: 3, PadRight: 3), 0, 0, 147, 4 }, // a stem: 16-lane runs of stride 2
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_gemm_on_the_materialized_input(Conv2DGeometry g, int group, int kBegin, int kCount, int firstPixel)
    {
        int pixels = g.Batch * g.OutHeight * g.OutWidth, count = pixels - firstPixel - 3;
        var x = TestData.Uniform(41, g.InputLength);
        int[] partRows = [13, 5, 24];
        var parts = partRows.Select((r, i) => TestData.Uniform(42 + i, r * kCount)).ToArray();
        var unrolled = Unroll(g, x, group, kBegin, kCount, firstPixel, count);
        foreach (bool transformed in new[] { false, true })
        {
            var materialized = (float[])unrolled.Clone();
            if (transformed)
            {
                for (int i = 0; i < materialized.Length; i++)
                {
                    materialized[i] = Transform(materialized[i], i % count);
                }
            }

            foreach (var kind in GemmTests.SupportedKernels())
            {
                GemmSettings.ForcedKernel = kind;
                var expected = new float[partRows.Sum() * count];
                for (int i = 0, row = 0; i < parts.Length; row += partRows[i], i++)
                {
                    Gemm.Multiply(false, false, partRows[i], count, kCount, 1f, parts[i], kCount, materialized, count, 0f, expected.AsSpan(row * count, partRows[i] * count), count);
                }

                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var actual = TestData.Uniform(50, expected.Length);
                    Multiply(g, x, group, kBegin, kCount, firstPixel, count, parts, actual, transformed ? TransformSliver : null, threads);
                    Assert.Equal(expected, actual);
                }
            }

            GemmSettings.ForcedKernel = null;
        }
    }

    /// <summary>The analog convolution pads its input once and packs stride-1 windows as plain copies: same bits.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Padding_the_input_first_gives_the_same_bits(Conv2DGeometry g, int group, int kBegin, int kCount, int firstPixel)
    {
        int pixels = g.Batch * g.OutHeight * g.OutWidth, count = pixels - firstPixel - 3;
        var x = TestData.Uniform(41, g.InputLength);
        float[][] parts = [TestData.Uniform(42, 21 * kCount)];
        var unpadded = Convolution.PaddedInputGeometry(g);
        var padded = new float[unpadded.InputLength];
        Convolution.PadInput(g, x, padded);
        var expected = new float[21 * count];
        Multiply(g, x, group, kBegin, kCount, firstPixel, count, parts, expected, TransformSliver);
        var actual = new float[21 * count];
        Multiply(unpadded, padded, group, kBegin, kCount, firstPixel, count, parts, actual, TransformSliver);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public unsafe void Rejects_ranges_outside_the_unrolled_input()
    {
        var g = new Conv2DGeometry(1, 2, 5, 5, 3, 3, 3);
        var x = new float[g.InputLength];
        fixed (float* px = x)
        {
            float* input = px;
            var e = Assert.Throws<ArgumentException>(() => new UnrolledSlivers(g, input, 0, 10, 9));
            Assert.Contains("rows [10, +9) of 18", e.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => new UnrolledSlivers(g, input, 1, 0, 18));
            var slivers = new UnrolledSlivers(g, input, 0, 0, 18);
            var buffer = new float[slivers.Length + 16];
            fixed (float* pb = buffer)
            {
                float* b = pb;
                Assert.Throws<ArgumentException>(() => slivers.Pack(5, 5, b)); // pixels [5, +5) of 9
                Assert.Throws<ArgumentException>(() => slivers.Multiply(new UnrolledWeights([new float[3 * 17]], 17), b, 9, b, 9)); // 17 columns, 18 rows
            }
        }
    }

    /// <summary>
    /// The composition the analog tiles run: slivers of pixels on up to <paramref name="threads"/> threads, each packed,
    /// transformed and multiplied by Aᵀ packed once; yᵀ is (Σ part rows)×count.
    /// </summary>
    private static unsafe void Multiply(
        in Conv2DGeometry g, float[] input, int group, int kBegin, int kCount, int firstPixel, int count,
        float[][] aTransposed, float[] yTransposed, SliverTransform? transform, int threads = 1)
    {
        var weights = new UnrolledWeights(aTransposed, kCount);
        Assert.Equal(yTransposed.Length, weights.Rows * count);
        var geometry = g;
        fixed (float* px = input, py = yTransposed)
        {
            nint x = (nint)px, y = (nint)py;
            int width = UnrolledSlivers.SliverWidth, slivers = (count + width - 1) / width;
            Parallel.For(0, slivers, new ParallelOptions { MaxDegreeOfParallelism = threads }, s =>
            {
                var unrolled = new UnrolledSlivers(geometry, (float*)x, group, kBegin, kCount);
                float* buffer = (float*)NativeMemory.AlignedAlloc((nuint)(unrolled.Length * sizeof(float)), 64);
                try
                {
                    int column = s * width, w = Math.Min(width, count - column);
                    unrolled.Pack(firstPixel + column, w, buffer);
                    transform?.Invoke(new Span<float>(buffer, unrolled.Length), kCount, column, w);
                    unrolled.Multiply(weights, buffer, w, (float*)y + column, count);
                }
                finally
                {
                    NativeMemory.AlignedFree(buffer);
                }
            });
        }
    }

    private delegate void SliverTransform(Span<float> sliver, int rows, int firstColumn, int columns);

    /// <summary>A transform that depends on the value and on the output column, as the DAC's per-pixel scale does.</summary>
    private static float Transform(float v, int column) => MathF.Round(v * (3f + (column % 5))) * 0.25f;

    private static void TransformSliver(Span<float> sliver, int rows, int firstColumn, int columns)
    {
        int width = UnrolledSlivers.SliverWidth;
        for (int i = 0; i < rows; i++)
        {
            for (int t = 0; t < columns; t++)
            {
                sliver[(i * width) + t] = Transform(sliver[(i * width) + t], firstColumn + t);
            }
        }
    }

    /// <summary>Rows [kBegin, +kCount) × pixels [firstPixel, +count) of the group's im2col matrix, row-major.</summary>
    private static float[] Unroll(in Conv2DGeometry g, float[] x, int group, int kBegin, int kCount, int firstPixel, int count)
    {
        var u = new float[kCount * count];
        int taps = g.KernelHeight * g.KernelWidth, plane = g.OutHeight * g.OutWidth;
        for (int r = 0; r < kCount; r++)
        {
            int k = kBegin + r, c = (group * g.InChannelsPerGroup) + (k / taps), i = k % taps / g.KernelWidth, j = k % g.KernelWidth;
            for (int t = 0; t < count; t++)
            {
                int pixel = firstPixel + t, b = pixel / plane, oh = pixel % plane / g.OutWidth, ow = pixel % g.OutWidth;
                int ih = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight), iw = (ow * g.StrideWidth) - g.PadLeft + (j * g.DilationWidth);
                bool inside = ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth;
                u[(r * count) + t] = inside ? x[(((b * g.InChannels) + c) * g.InHeight * g.InWidth) + (ih * g.InWidth) + iw] : 0f;
            }
        }

        return u;
    }
}
