using System.Text.Json.Serialization;

namespace Memflux.Chip.Hardware;

/// <summary>The digital units of a core.</summary>
/// <param name="Accumulate">Shift-and-add / partial-sum accumulation: one op per ADC conversion.</param>
/// <param name="Activation">Activation function (and affine correction): one op per weight output of a tile MVM.</param>
/// <param name="Pooling">Pooling: at full load, one op per weight output of a tile MVM.</param>
public sealed record DigitalSpec(DigitalUnitSpec Accumulate, DigitalUnitSpec Activation, DigitalUnitSpec Pooling);

/// <summary>One kind of digital unit of a core (all its instances together).</summary>
/// <param name="EnergyPerOpPj">Energy of one operation in pJ.</param>
/// <param name="ThroughputGops">Operations per second of all instances in the core together, in 10^9 op/s.</param>
/// <param name="AreaMm2">Area of all instances in the core in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record DigitalUnitSpec(double EnergyPerOpPj, double ThroughputGops, double AreaMm2, string Source);

/// <summary>A buffer (SRAM, eDRAM or register file) of a core.</summary>
/// <param name="Name">What it is (e.g. <c>edram</c>, <c>input_register</c>).</param>
/// <param name="Role">
/// Which traffic passes through it on every tile MVM: <c>input</c> (the input vector), <c>output</c> (the outputs) or
/// <c>input_output</c> (both).
/// </param>
/// <param name="SizeBytes">Capacity in bytes.</param>
/// <param name="EnergyPerBytePj">Energy per byte read or written in pJ.</param>
/// <param name="AreaMm2">Area in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record BufferSpec(string Name, string Role, long SizeBytes, double EnergyPerBytePj, double AreaMm2, string Source)
{
    /// <summary>The buffer holds the tiles' input vectors.</summary>
    public const string InputRole = "input";

    /// <summary>The buffer holds the tiles' outputs.</summary>
    public const string OutputRole = "output";

    /// <summary>The buffer holds both.</summary>
    public const string InputOutputRole = "input_output";

    /// <summary>True when the input vector of every tile MVM passes through this buffer.</summary>
    [JsonIgnore]
    public bool CarriesInputs => Role is InputRole or InputOutputRole;

    /// <summary>True when the outputs of every tile MVM pass through this buffer.</summary>
    [JsonIgnore]
    public bool CarriesOutputs => Role is OutputRole or InputOutputRole;
}

/// <summary>The network-on-chip joining the cores (a 2-D mesh).</summary>
/// <param name="LinkBandwidthGbps">Bandwidth of one link in Gbit/s.</param>
/// <param name="HopLatencyNs">Latency of one router hop in ns.</param>
/// <param name="EnergyPerBitPerHopPj">Energy to move one bit one hop (router + link) in pJ.</param>
/// <param name="RoutersPerCore">Routers per core (0.25 when four cores share one).</param>
/// <param name="RouterAreaMm2">Area of one router in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record NocSpec(
    double LinkBandwidthGbps,
    double HopLatencyNs,
    double EnergyPerBitPerHopPj,
    double RoutersPerCore,
    double RouterAreaMm2,
    string Source);
