namespace Memflux.Tiles;

/// <summary>
/// The input DAC of a tile row. Numerically it is the quantizer <see cref="Quantizer"/> over ±<see cref="InputRange"/>
/// applied to the (noise-managed) input; <see cref="Mode"/> does not change the numbers and is recorded for the cost
/// model (bit-serial: one analog pass per input bit; pulse-width: one pass whose duration encodes the value).
/// </summary>
/// <param name="Bits">Resolution in bits (2^b − 1 signed levels); null = unlimited.</param>
/// <param name="InputRange">Full-scale input magnitude; inputs beyond it saturate (unbounded by default, as an ideal DAC). With abs-max noise management inputs lie in [−1, 1].</param>
/// <param name="Mode">How the input is applied in time.</param>
public sealed record DacSpec(int? Bits = null, double InputRange = double.PositiveInfinity, DacMode Mode = DacMode.PulseWidth)
{
    internal void Validate()
    {
        TileConfig.Check(Bits is null or (>= 2 and <= 24), "Dac.Bits", "2..24 or null (unlimited)", Bits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        TileConfig.Check(InputRange > 0 && !double.IsNaN(InputRange), "Dac.InputRange", "a value > 0", InputRange);
        TileConfig.Check(Bits is null || double.IsFinite(InputRange), "Dac.InputRange", "a finite range when Bits is set", InputRange);
        TileConfig.Check(Enum.IsDefined(Mode), "Dac.Mode", "a defined value", Mode);
    }
}

/// <summary>How a DAC applies a multi-bit input to the array.</summary>
public enum DacMode
{
    /// <summary>One pulse whose width encodes the value (HERMES; aihwkit's PWM).</summary>
    PulseWidth = 0,

    /// <summary>One binary pulse per input bit, outputs shifted and added digitally.</summary>
    BitSerial = 1,
}
