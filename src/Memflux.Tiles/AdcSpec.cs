using System.Numerics.Tensors;

namespace Memflux.Tiles;

/// <summary>
/// The output ADC of a tile column, in normalized output units (see <see cref="TileConfig.OutputNoise"/>):
/// optional S-shaped nonlinearity y/(1 + (β/range)·|y|) (aihwkit <c>out_nonlinearity</c>), then the quantizer
/// <see cref="Quantizer"/> over ±<see cref="Range"/>, which saturates.
/// </summary>
/// <param name="Bits">Resolution in bits; null = unlimited.</param>
/// <param name="Range">Full-scale output magnitude (aihwkit <c>out_bound</c>); ∞ = no saturation.</param>
/// <param name="Nonlinearity">β of the S-shaped nonlinearity; 0 = linear.</param>
public sealed record AdcSpec(int? Bits = null, double Range = double.PositiveInfinity, double Nonlinearity = 0)
{
    internal void Validate()
    {
        TileConfig.Check(Bits is null or (>= 2 and <= 24), "Adc.Bits", "2..24 or null (unlimited)", Bits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        TileConfig.Check(Range > 0 && !double.IsNaN(Range), "Adc.Range", "a value > 0", Range);
        TileConfig.Check(Bits is null || double.IsFinite(Range), "Adc.Range", "a finite range when Bits is set", Range);
        TileConfig.Check(double.IsFinite(Nonlinearity) && Nonlinearity >= 0, "Adc.Nonlinearity", "a finite value ≥ 0", Nonlinearity);
        TileConfig.Check(Nonlinearity == 0 || double.IsFinite(Range), "Adc.Nonlinearity", "0 when the range is infinite", Nonlinearity);
    }

    /// <summary>Converts <paramref name="analog"/> in place: nonlinearity, quantization, saturation.</summary>
    /// <param name="analog">Values before the ADC; overwritten by the converted values.</param>
    /// <param name="scratch">Scratch of the same length (used only with a nonlinearity).</param>
    public void Convert(Span<float> analog, Span<float> scratch)
    {
        if (Nonlinearity > 0)
        {
            if (scratch.Length < analog.Length)
            {
                throw new ArgumentException($"scratch holds {scratch.Length} values, expected {analog.Length}", nameof(scratch));
            }

            var s = scratch[..analog.Length];
            TensorPrimitives.Abs(analog, s);
            TensorPrimitives.Multiply(s, (float)(Nonlinearity / Range), s);
            TensorPrimitives.Add(s, 1f, s);
            TensorPrimitives.Divide(analog, s, analog);
        }

        Quantizer.QuantizeCore(analog, analog, Bits, (float)Range);
    }
}
