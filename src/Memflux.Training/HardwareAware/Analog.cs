namespace Memflux.Training.HardwareAware;

/// <summary>The hardware-aware steps an <see cref="IAnalogLayer"/> takes around its matrix product in training mode.</summary>
internal static class Analog
{
    /// <summary>The weights to multiply by: the clean ones, or a perturbed copy drawn for this step into <paramref name="scratch"/>.</summary>
    public static float[] Weights(IAnalogLayer layer, HardwareAwareOptions? options, PassContext context, ref float[]? scratch)
    {
        float[] clean = layer.Weight.Value;
        if (options is null || !options.PerturbsWeights)
        {
            return clean;
        }

        float[] noisy = Buffers.Ensure(ref scratch, clean.Length);
        WeightPerturbation.ApplyParallel(clean, noisy, layer.OutputChannels, options, SplitMix64.Mix(layer.NoiseKey, (ulong)context.Step), context.Parallel);
        return noisy;
    }

    /// <summary>The input to multiply: <paramref name="input"/>, or its DAC-quantized copy in <paramref name="scratch"/>.</summary>
    public static float[] Input(float[] input, HardwareAwareOptions? options, ParallelOptions parallel, ref float[]? scratch)
    {
        if (options is null || options.DacBits == 0)
        {
            return input;
        }

        float[] q = Buffers.Ensure(ref scratch, input.Length);
        FakeQuantizer.QuantizeCore(input, q, options.DacBits, parallel);
        return q;
    }

    /// <summary>ADC-quantizes the matrix-product output in place (before the bias, which is digital).</summary>
    public static void QuantizeOutput(Span<float> output, HardwareAwareOptions? options, ParallelOptions parallel)
    {
        if (options is not null && options.AdcBits > 0)
        {
            FakeQuantizer.QuantizeCore(output, output, options.AdcBits, parallel);
        }
    }
}
