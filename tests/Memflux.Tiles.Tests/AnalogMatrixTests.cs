using Memflux.Devices;

namespace Memflux.Tiles.Tests;

public class AnalogMatrixTests
{
    [Fact]
    public void IdealMatrixMultiplies()
    {
        float[] w = [1, 2, 3, 4, 5, 6]; // 3 inputs × 2 outputs
        var matrix = new AnalogMatrix(w, 3, 2, new TileConfig(), new IdealDevice(), seed: 1, matrixId: 0);
        matrix.Read(1.0, 0);
        var y = new float[2];
        matrix.Multiply([1, 1, 1], 1, y);
        Assert.Equal([9f, 12f], y);
    }

    /// <summary>
    /// Under abs-max noise management an all-zero input vector gives exactly 0 on every output (aihwkit's forward short
    /// cut), through output noise, the ADC, drift compensation and the affine offset, in the row-major and transposed
    /// forms; a vector zero on one row block only still has outputs from the other. Without noise management the zero vector reads output noise, as in aihwkit.
    /// </summary>
    [Theory]
    [InlineData("pcm")]
    [InlineData("pcm-hermes")]
    [InlineData("rram")]
    public void AllZeroInputGivesExactlyZeroUnderAbsMax(string preset)
    {
        const int k = 300, n = 40; // two row blocks of 256 and 44
        var config = TileConfig.Preset(preset);
        var w = TestData.Uniform(k * n, 11);
        var matrix = new AnalogMatrix(w, k, n, config, new PcmDevice(), seed: 2, matrixId: 0);
        matrix.Read(3600, 1);
        var x = new float[3 * k];
        var second = TestData.Uniform(k, 12);
        second.AsSpan(0, 256).Clear(); // zero on row block 0 only
        second.CopyTo(x, k);
        TestData.Uniform(k, 13).CopyTo(x, 2 * k);
        var y = new float[3 * n];
        matrix.Multiply(x, 3, y, callIndex: 0);
        Assert.All(y.AsSpan(0, n).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(y.AsSpan(n, n).ToArray(), v => v != 0);
        Assert.Contains(y.AsSpan(2 * n, n).ToArray(), v => v != 0);

        var transposed = new float[3 * n];
        matrix.MultiplyTransposed(x, 3, transposed, callIndex: 0);
        Assert.All(Enumerable.Range(0, n), j => Assert.Equal(0f, transposed[j * 3]));

        var unmanaged = new AnalogMatrix(w, k, n, config with { NoiseManagement = NoiseManagement.None }, new PcmDevice(), seed: 2, matrixId: 0);
        unmanaged.Read(3600, 1);
        var yNone = new float[n];
        unmanaged.Multiply(new float[k], 1, yNone, callIndex: 0);
        Assert.Contains(yNone, v => v != 0);
    }

    /// <summary>
    /// Input activity: with the pcm preset (8-bit pulse-width DAC over ±1, abs-max) the vector [1, 0.5, 0, −0.25] drives
    /// levels 127, 64 (63.5 rounds to even), 0, 32 of 127: Σ pulse fraction = 223/127 over 4 values; a bit-serial DAC
    /// (rram) counts ones of the 7 magnitude bits: 7, 1, 0, 1 → (7 + 1 + 1)/7. Row-major, transposed and unrolled-
    /// convolution products count the same; a DAC without resolution counts nothing.
    /// </summary>
    [Fact]
    public void InputActivityCountsPulseWidthsAndOnes()
    {
        float[] x = [1f, 0.5f, 0f, -0.25f];
        var w = TestData.Uniform(4 * 3, 21);

        var pwm = new AnalogMatrix(w, 4, 3, TileConfig.Pcm, new IdealDevice(), 1, 0);
        pwm.Read(1, 0);
        pwm.Multiply(x, 1, new float[3]);
        Assert.Equal(4, pwm.InputActivity.Values);
        Assert.Equal(223.0 / 127, pwm.InputActivity.FullScaleSum, 5);
        pwm.MultiplyTransposed(x, 1, new float[3]);
        Assert.Equal(2 * 223.0 / 127, pwm.InputActivity.FullScaleSum, 5);
        pwm.ResetInputActivity();
        Assert.Equal(0, pwm.InputActivity.Values);

        var serial = new AnalogMatrix(w, 4, 3, TileConfig.Rram, new IdealDevice(), 1, 0);
        serial.Read(1, 0);
        serial.Multiply(x, 1, new float[3]);
        Assert.Equal(9.0 / 7, serial.InputActivity.FullScaleSum, 9);

        var ideal = new AnalogMatrix(w, 4, 3, TileConfig.Ideal, new IdealDevice(), 1, 0);
        ideal.Read(1, 0);
        ideal.Multiply(x, 1, new float[3]);
        Assert.Equal(default, ideal.InputActivity);
    }
}
