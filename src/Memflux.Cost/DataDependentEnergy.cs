namespace Memflux.Cost;

/// <summary>
/// Energy per inference from the activations of evaluated data beside the data-independent figure of
/// <see cref="CostEstimate"/>: each layer's DAC row-drive and array-read energy is scaled by the mean input activity its
/// tiles measured (<c>AnalogMatrix.InputActivity</c>: pulse width / full window for pulse-width inputs, ones / bits for
/// bit-serial ones, 0 for a zero input) [memflux_assumption: drive and read energy are proportional to the pulse time a
/// row is driven; the ADC's energy per conversion does not depend on the data; the activity measured at the tile's DAC
/// resolution carries over to the chip spec's input encoding]. Everything else (ADC, digital, buffers, NoC, static) is
/// as in the estimate.
/// </summary>
/// <param name="EnergyPerInferenceJ">Energy per inference with the measured activity, in J.</param>
/// <param name="AnalogFrontEndJ">Its DAC + array + ADC part, in J.</param>
/// <param name="WorstCaseEnergyPerInferenceJ">The estimate's energy per inference (every input at full scale), in J.</param>
/// <param name="WorstCaseAnalogFrontEndJ">Its DAC + array + ADC part (the used cells at full scale), in J.</param>
/// <param name="LayersAtFullScale">Layers no activity was measured for, charged at full scale (their keys).</param>
public sealed record DataDependentEnergy(
    double EnergyPerInferenceJ, double AnalogFrontEndJ, double WorstCaseEnergyPerInferenceJ, double WorstCaseAnalogFrontEndJ, IReadOnlyList<string> LayersAtFullScale)
{
    /// <summary>
    /// Rescales <paramref name="estimate"/> with <paramref name="activityByLayer"/>: mean activity 0…1 per analog layer,
    /// by the layer's key (its first output's name); a part of a layer split over chips takes its layer's activity.
    /// </summary>
    public static DataDependentEnergy Of(CostEstimate estimate, IReadOnlyDictionary<string, double> activityByLayer)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(activityByLayer);
        double measured = 0, worst = 0;
        var missing = new List<string>();
        foreach (var chip in estimate.System.Chips)
        {
            foreach (var w in LayerWorkload.Of(chip))
            {
                string key = LayerKey(w.Layer.Shape.Key);
                double f = 1;
                if (activityByLayer.TryGetValue(key, out double a))
                {
                    f = a is >= 0 and <= 1 ? a : throw new ArgumentOutOfRangeException(nameof(activityByLayer), a, $"activity of '{key}' must lie in [0, 1]");
                }
                else if (!missing.Contains(key))
                {
                    missing.Add(key);
                }

                measured += ((w.DacPj + w.ArrayPj) * f) + w.AdcPj;
                worst += w.DacPj + w.ArrayPj + w.AdcPj;
            }
        }

        double total = estimate.EnergyPerInferenceJ;
        return new DataDependentEnergy(total - (worst * 1e-12) + (measured * 1e-12), measured * 1e-12, total, worst * 1e-12, missing);
    }

    /// <summary>The layer's own key: a part's key is the layer's followed by " (part i of n)".</summary>
    private static string LayerKey(string key)
    {
        int part = key.LastIndexOf(" (part ", StringComparison.Ordinal);
        return part < 0 ? key : key[..part];
    }
}
