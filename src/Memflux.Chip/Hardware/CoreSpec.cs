using System.Text.Json.Serialization;

namespace Memflux.Chip.Hardware;

/// <summary>One core: its crossbar tiles and their periphery, digital units and buffers.</summary>
/// <param name="Tiles">The crossbar tiles of the core (all identical).</param>
/// <param name="ReadPhases">
/// How many times one MVM drives the array and converts its columns (1 = one-phase read; 4 = HERMES's four-phase read,
/// where positive and negative inputs meet positive and negative weights in separate phases).
/// </param>
/// <param name="OutputBits">Bits of each digital output after accumulation (what buffers store and the NoC carries).</param>
/// <param name="Input">The row drivers (DACs) that encode the input vector.</param>
/// <param name="Adc">The column ADCs of each tile.</param>
/// <param name="Digital">The digital units of the core.</param>
/// <param name="Buffers">The core's SRAM/eDRAM buffers and registers.</param>
/// <param name="StaticPowerMw">Static (leakage) power of one core not counted elsewhere, in mW.</param>
/// <param name="OtherComponents">Per-core blocks given by full-load power and area only.</param>
/// <param name="Programming">How the devices are written (program-and-verify): the chip's programming cost.</param>
public sealed record CoreSpec(
    TileArraySpec Tiles,
    int ReadPhases,
    int OutputBits,
    InputDriverSpec Input,
    AdcBankSpec Adc,
    DigitalSpec Digital,
    IReadOnlyList<BufferSpec> Buffers,
    double StaticPowerMw,
    IReadOnlyList<FixedComponentSpec> OtherComponents,
    ProgrammingSpec Programming);

/// <summary>The crossbar tiles of a core.</summary>
/// <param name="Count">Tiles per core.</param>
/// <param name="Rows">Physical rows (driven lines) per tile.</param>
/// <param name="Cols">Physical columns (lines read by ADCs) per tile.</param>
/// <param name="RowsPerWeight">Rows one weight spans (2 when G+ and G− sit on adjacent rows).</param>
/// <param name="ColsPerWeight">Columns one weight spans (ISAAC: 8 two-bit slices of a 16-bit weight).</param>
/// <param name="DevicesPerWeight">Devices storing one weight (a multiple of RowsPerWeight × ColsPerWeight).</param>
/// <param name="BitsPerDevice">Bits (levels, log2) stored per device.</param>
/// <param name="ReadEnergyPerActivationPj">
/// Energy dissipated in one tile's array by one activation with every row driven at full scale, in pJ
/// (an activation is one input bit when bit-serial, one whole pulse window when pulse-width, in each read phase).
/// </param>
/// <param name="AreaMm2">Area of one tile's array in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record TileArraySpec(
    int Count,
    int Rows,
    int Cols,
    int RowsPerWeight,
    int ColsPerWeight,
    int DevicesPerWeight,
    int BitsPerDevice,
    double ReadEnergyPerActivationPj,
    double AreaMm2,
    string Source);

/// <summary>The row drivers (DACs) of one tile.</summary>
/// <param name="Bits">Input bits per element.</param>
/// <param name="Encoding">
/// <c>bit_serial</c>: one activation per input bit, each <see cref="StepTimeNs"/> long; <c>pulse_width</c>: one activation
/// whose pulse lasts up to (2^bits − 1) × <see cref="StepTimeNs"/> (2^(bits−1) − 1 with <see cref="SignedMagnitude"/>).
/// </param>
/// <param name="SignedMagnitude">Pulse-width only: the sign is a separate bit (voltage polarity or phase), not a pulse length.</param>
/// <param name="StepTimeNs">Duration of one input bit (bit-serial) or of one pulse-width LSB, in ns.</param>
/// <param name="EnergyPerRowDrivePj">Energy of driving one row for one activation, in pJ.</param>
/// <param name="AreaMm2">Area of all row drivers of one tile in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record InputDriverSpec(
    int Bits,
    string Encoding,
    bool SignedMagnitude,
    double StepTimeNs,
    double EnergyPerRowDrivePj,
    double AreaMm2,
    string Source)
{
    /// <summary>The <see cref="Encoding"/> value for bit-serial inputs.</summary>
    public const string BitSerial = "bit_serial";

    /// <summary>The <see cref="Encoding"/> value for pulse-width-modulated inputs.</summary>
    public const string PulseWidth = "pulse_width";

    /// <summary>True when inputs are applied one bit per activation.</summary>
    [JsonIgnore]
    public bool IsBitSerial => Encoding == BitSerial;
}

/// <summary>The column ADCs of one tile.</summary>
/// <param name="Type">Architecture, for the record: <c>sar</c>, <c>cco</c>, <c>flash</c>, <c>ramp</c>, <c>integrate_fire</c>, <c>other</c>.</param>
/// <param name="Bits">Resolution in bits.</param>
/// <param name="ColumnsPerAdc">Columns one ADC converts in turn (1 = an ADC per column).</param>
/// <param name="EnergyPerConversionPj">Energy of one conversion in pJ.</param>
/// <param name="ConversionTimeNs">Time of one conversion in ns (1 / sample rate).</param>
/// <param name="OverlapsInput">
/// True when a sample-and-hold lets the ADCs convert one activation while the next is applied (ISAAC), so an activation
/// costs max(drive, conversions); false when conversion follows the drive (HERMES's CCO read-out): drive + conversions.
/// </param>
/// <param name="AreaMm2">Area of one ADC in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record AdcBankSpec(
    string Type,
    int Bits,
    int ColumnsPerAdc,
    double EnergyPerConversionPj,
    double ConversionTimeNs,
    bool OverlapsInput,
    double AreaMm2,
    string Source)
{
    /// <summary>
    /// Whether the ADCs of columns that hold no weight of the layer being computed are switched off (JSON
    /// <c>gates_unused_columns</c>, optional, default true). True: a tile MVM converts only the columns in use. False: it
    /// converts, and pays for, every column of the tile (an ADC shared by columns sweeps all of them, a CCO counts
    /// whether or not its column carries current). Each preset states its value and source.
    /// </summary>
    public bool GatesUnusedColumns { get; init; } = true;
}
