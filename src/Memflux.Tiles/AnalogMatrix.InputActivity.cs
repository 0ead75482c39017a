using System.Numerics;
using System.Numerics.Tensors;

namespace Memflux.Tiles;

/// <summary>
/// What the DACs actually applied, counted while products run, so the cost model can charge the drive and array energy of
/// the data instead of full-scale inputs: per input value driven, its pulse width as a fraction of the full window
/// (pulse-width DAC: |x̂_q| / range) or its ones as a fraction of the magnitude bits (bit-serial DAC: popcount of the
/// level / (bits − 1)). Counted only with a finite DAC (<see cref="DacSpec.Bits"/> set); one slot per parallel work item,
/// summed after the item loop, so counting allocates nothing once the slots have grown and does not depend on threads.
/// </summary>
public sealed partial class AnalogMatrix
{
    private double[] _activitySlots = [];
    private double _activitySum;
    private long _activityValues;

    /// <summary>Input activity since construction or the last <see cref="ResetInputActivity"/>.</summary>
    public InputActivity InputActivity => new(_activitySum, _activityValues);

    /// <summary>Starts counting <see cref="InputActivity"/> from zero.</summary>
    public void ResetInputActivity() => (_activitySum, _activityValues) = (0, 0);

    private bool CountsActivity => Config.Dac.Bits is not null;

    private void BeginActivity(int slots)
    {
        if (!CountsActivity)
        {
            return;
        }

        if (_activitySlots.Length < slots)
        {
            _activitySlots = new double[Math.Max(slots, 2 * _activitySlots.Length)];
        }

        Array.Clear(_activitySlots, 0, slots);
    }

    private void EndActivity(int slots, long values)
    {
        if (!CountsActivity)
        {
            return;
        }

        double sum = 0;
        for (int s = 0; s < slots; s++)
        {
            sum += _activitySlots[s];
        }

        _activitySum += sum;
        _activityValues += values;
    }

    /// <summary>Σ activity of <paramref name="quantized"/> (DAC outputs) into slot <paramref name="slot"/>.</summary>
    private void CountActivity(int slot, ReadOnlySpan<float> quantized)
    {
        if (CountsActivity)
        {
            _activitySlots[slot] += ActivityOf(quantized);
        }
    }

    /// <summary>The first <paramref name="lanes"/> lanes of a k-major sliver of <paramref name="rows"/> rows (the rest is padding).</summary>
    private void CountSliverActivity(int slot, ReadOnlySpan<float> sliver, int rows, int lanes)
    {
        if (!CountsActivity)
        {
            return;
        }

        int width = sliver.Length / rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            sum += ActivityOf(sliver.Slice(i * width, lanes));
        }

        _activitySlots[slot] += sum;
    }

    private double ActivityOf(ReadOnlySpan<float> quantized)
    {
        var dac = Config.Dac;
        if (dac.Mode == DacMode.PulseWidth)
        {
            float sum = TensorPrimitives.SumOfMagnitudes(quantized);
            return (float.IsNaN(sum) ? SumOfFiniteMagnitudes(quantized) : sum) / dac.InputRange;
        }

        int bits = dac.Bits!.Value;
        float toLevels = 1f / (float)Quantizer.StepSize(bits, dac.InputRange);
        long ones = 0;
        foreach (float v in quantized)
        {
            if (!float.IsNaN(v))
            {
                ones += BitOperations.PopCount((uint)(int)MathF.Round(MathF.Abs(v) * toLevels));
            }
        }

        return ones / (double)(bits - 1);
    }

    /// <summary>Σ|v| over the values that are not NaN (a NaN input drives no pulse; the DAC clamps infinities to full scale).</summary>
    private static float SumOfFiniteMagnitudes(ReadOnlySpan<float> values)
    {
        float sum = 0;
        foreach (float v in values)
        {
            sum += float.IsNaN(v) ? 0 : MathF.Abs(v);
        }

        return sum;
    }
}

/// <summary>Input activity of a matrix: the sum of per-value activity fractions (0 = no pulse, 1 = full scale) and the values counted.</summary>
/// <param name="FullScaleSum">Σ over driven input values of the pulse-width fraction (pulse-width DAC) or ones fraction (bit-serial).</param>
/// <param name="Values">Input values driven (vectors × inputs).</param>
public readonly record struct InputActivity(double FullScaleSum, long Values)
{
    /// <summary>Mean activity per value driven, 0…1 (0 when nothing was counted).</summary>
    public double MeanFraction => Values == 0 ? 0 : FullScaleSum / Values;

    /// <summary>The sum of two counts.</summary>
    public static InputActivity operator +(InputActivity a, InputActivity b) => new(a.FullScaleSum + b.FullScaleSum, a.Values + b.Values);
}
