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
}
