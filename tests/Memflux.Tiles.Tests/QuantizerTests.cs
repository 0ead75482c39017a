namespace Memflux.Tiles.Tests;

public class QuantizerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    public void BitsGiveTwoToTheBMinusOneSymmetricLevels(int bits)
    {
        var x = TestData.Uniform(200_001, 3, -1.5f, 1.5f);
        var q = new float[x.Length];
        Quantizer.Quantize(x, q, bits, 1.0);
        var levels = new HashSet<float>(q);
        Assert.Equal((1 << bits) - 1, levels.Count);
        Assert.Contains(1f, levels);
        Assert.Contains(-1f, levels);
        Assert.Contains(0f, levels);
        double step = Quantizer.StepSize(bits, 1.0);
        Assert.Equal(2.0 / ((1 << bits) - 2), step, 12);
        for (int i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) <= 1)
            {
                Assert.True(Math.Abs(q[i] - x[i]) <= (step / 2) + 1e-6, $"{x[i]} → {q[i]}");
            }
            else
            {
                Assert.Equal(Math.Sign(x[i]), q[i]); // saturates at ±range
            }
        }
    }

    [Fact]
    public void RoundsToNearestLevel()
    {
        // 4 bits over ±7: step 1, levels −7..7.
        float[] x = [0.4f, 0.6f, -2.4f, 6.6f, 9f, -100f, 3f];
        var q = new float[x.Length];
        Quantizer.Quantize(x, q, 4, 7.0);
        Assert.Equal([0f, 1f, -2f, 7f, 7f, -7f, 3f], q);
    }

    /// <summary>
    /// The vector body (Quantizer.Clamp on MINPS/MAXPS) gives the scalar tail's Math.Clamp results for NaN, ±0, ±∞ and
    /// values past the range, with levels and without: the same value at every position of a 37-value span.
    /// </summary>
    [Theory]
    [InlineData(8, 1.0)]
    [InlineData(null, 2.0)]
    [InlineData(null, double.PositiveInfinity)]
    public void VectorBodyAndScalarTailAgreeOnSpecialValues(int? bits, double range)
    {
        float[] specials = [float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, -0.001f, 0.3f];
        foreach (float v in specials)
        {
            var x = Enumerable.Repeat(v, 37).ToArray();
            var q = new float[x.Length];
            Quantizer.Quantize(x, q, bits, range);
            int expected = BitConverter.SingleToInt32Bits(q[^1]);
            Assert.All(q, value => Assert.Equal(expected, BitConverter.SingleToInt32Bits(value)));

            // The Vector512 bodies: the column finish (no noise, factor 1, offset −0) and the per-lane sliver quantizer.
            var finished = (float[])x.Clone();
            new ColumnFinish(0f, bits, (float)range).Apply(finished, default, 1f, -0f); // v·1 + (−0) = v, −0 included
            Assert.All(finished, value => Assert.Equal(expected, BitConverter.SingleToInt32Bits(value)));
            var block = Enumerable.Repeat(v, 2 * 32).ToArray();
            Quantizer.QuantizeRows(block, 2, bits, (float)range, Enumerable.Repeat(1f, 32).ToArray());
            Assert.All(block, value => Assert.Equal(expected, BitConverter.SingleToInt32Bits(value)));
        }
    }

    [Fact]
    public void UnlimitedBitsOnlySaturates()
    {
        float[] x = [0.123456f, -3f, 2.5f];
        var q = new float[3];
        Quantizer.Quantize(x, q, null, 2.0);
        Assert.Equal([0.123456f, -2f, 2f], q);
        Quantizer.Quantize(x, q, null, double.PositiveInfinity);
        Assert.Equal(x, q);
    }

    [Fact]
    public void AdcNonlinearityCompressesTowardsRange()
    {
        var adc = new AdcSpec(null, 10.0, Nonlinearity: 1.0);
        float[] y = [0f, 5f, -10f];
        adc.Convert(y, new float[3]);
        Assert.Equal(0f, y[0]);
        Assert.Equal(5f / 1.5f, y[1], 5);
        Assert.Equal(-5f, y[2], 5);
    }

    [Fact]
    public void InvalidSpecsNameTheField()
    {
        var ex = Assert.Throws<Numerics.MemfluxException>(() => (TileConfig.Ideal with { Adc = new AdcSpec(8) }).Validate());
        Assert.Contains("Adc.Range", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<Numerics.MemfluxException>(() => (TileConfig.Ideal with { Dac = new DacSpec(1) }).Validate());
        Assert.Contains("Dac.Bits", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one-pass column finish (noise add, ADC, digital factor and offset) has the bits of the separate passes it
    /// replaced: TensorPrimitives.MultiplyAdd(ξ, σ, y, y), Quantizer.Quantize, Multiply, Add; with values past the range,
    /// NaN and infinities, across the vector body and the scalar tail.
    /// </summary>
    [Theory]
    [InlineData(8, 10.0, 0.04f)]
    [InlineData(6, 2.5, 0f)]
    [InlineData(null, 3.0, 0.1f)]
    [InlineData(null, double.PositiveInfinity, 0.1f)]
    [InlineData(null, double.PositiveInfinity, 0f)]
    public void OnePassColumnFinishHasTheBitsOfSeparatePasses(int? bits, double range, float sigma)
    {
        foreach (int n in new[] { 1, 37, 1000 })
        {
            var y = TestData.Uniform(n, 5, -14f, 14f);
            var xi = TestData.Uniform(n, 6, -4f, 4f);
            y[0] = n > 1 ? float.NaN : y[0];
            if (n > 2)
            {
                y[1] = float.PositiveInfinity;
                y[2] = float.NegativeInfinity;
            }

            var expected = (float[])y.Clone();
            if (sigma > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(xi, sigma, expected, expected);
            }

            Quantizer.Quantize(expected, expected, bits, range);
            System.Numerics.Tensors.TensorPrimitives.Multiply(expected, 0.73f, expected);
            System.Numerics.Tensors.TensorPrimitives.Add(expected, -0.21f, expected);

            var actual = (float[])y.Clone();
            var finish = new ColumnFinish(sigma, bits, (float)range);
            finish.Apply(actual, xi, 0.73f, -0.21f);
            Assert.Equal(expected, actual);

            // Scaled into an output: (o·α) + 0 and (o·α) + y as TensorPrimitives.MultiplyAdd computes them.
            var alpha = TestData.Uniform(n, 7, 0.1f, 3f);
            var previous = TestData.Uniform(n, 8, -2f, 2f);
            foreach (bool overwrite in new[] { true, false })
            {
                var scaled = (float[])expected.Clone();
                if (overwrite)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(scaled, alpha, 0f, scaled);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(scaled, alpha, previous, scaled);
                }

                var target = (float[])previous.Clone();
                finish.ApplyScaled(y, xi, 0.73f, -0.21f, alpha, target, overwrite);
                Assert.Equal(scaled, target);
            }
        }
    }
}
