namespace Memflux.Numerics.Tests;

/// <summary>The fused epilogue's vector bodies (Vector512, Vector256) and scalar tail agree with Add then MathF.Max(·, 0).</summary>
public class ConvolutionEpilogueTests
{
    [Fact]
    public void ReluKeepsNaNAndMapsNegativeZeroToZeroInEveryBody()
    {
        float[] specials = [float.NaN, -0f, 0f, -1e-30f, 3f, -7f, float.PositiveInfinity, float.NegativeInfinity];
        foreach (float v in specials)
        {
            foreach (bool add in new[] { false, true })
            {
                // 16 + 8 + 3 values: one Vector512 body, one Vector256 body and a scalar tail.
                var y = Enumerable.Repeat(v, 27).ToArray();
                var addend = add ? Enumerable.Repeat(-0f, 27).ToArray() : [];
                ConvolutionEpilogue.Apply(y, addend, relu: true);
                float expected = MathF.Max(add ? v + -0f : v, 0f);
                Assert.All(y, value => Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(value)));
            }
        }
    }

    [Fact]
    public void BiasAddendAndReluInOnePassHaveTheBitsOfSeparatePasses()
    {
        float[] specials = [float.NaN, -0f, 0f, -1e-30f, 3f, -7f, float.PositiveInfinity, float.NegativeInfinity];
        var source = Enumerable.Range(0, 27 * specials.Length).Select(i => specials[i % specials.Length]).ToArray();
        var addend = Enumerable.Range(0, source.Length).Select(i => specials[(i / 3) % specials.Length]).ToArray();
        foreach (float? bias in new float?[] { null, 0f, -0f, 0.5f })
        {
            foreach (bool add in new[] { false, true })
            {
                foreach (bool relu in new[] { false, true })
                {
                    var expected = source.Select((v, i) =>
                    {
                        float t = bias is { } b ? v + b : v;
                        t = add ? t + addend[i] : t;
                        return relu ? MathF.Max(t, 0f) : t;
                    }).ToArray();
                    var y = new float[source.Length];
                    Convolution.ApplyBiasAndEpilogue(source, bias, y, add ? addend : default, relu);
                    Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
                }
            }
        }
    }
}
