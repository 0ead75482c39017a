using System.Text.Json.Serialization;

namespace Memflux.Chip.Hardware;

/// <summary>
/// An analog in-memory-computing chip as a JSON file describes it: a mesh of identical cores, each core a set of crossbar
/// tiles with their input drivers, ADCs, digital units and buffers, joined by a network-on-chip. Units are in the names
/// (<c>_ns</c>, <c>_pj</c>, <c>_mw</c>, <c>_mm2</c>). Load with <see cref="ChipSpecLoader"/>; derived timing and energy
/// come from <see cref="ChipModel"/>, peak figures from <see cref="PeakFigures"/>.
/// </summary>
/// <param name="Name">Short name (the preset name for presets).</param>
/// <param name="Description">One line saying what the chip is.</param>
/// <param name="ProcessNodeNm">CMOS process node in nanometres.</param>
/// <param name="ClockMhz">Main digital clock in MHz.</param>
/// <param name="Cores">How many cores and their 2-D mesh.</param>
/// <param name="Core">What one core holds (all cores are identical).</param>
/// <param name="Noc">The network-on-chip joining the cores.</param>
/// <param name="StaticPowerMw">Chip-level static (leakage) power not counted in any core, in mW.</param>
/// <param name="ChipComponents">Chip-level blocks given by power and area only (e.g. off-chip links).</param>
/// <param name="Citations">Key → full reference of every source the file's <c>source</c> fields point to.</param>
/// <remarks>
/// The optional <see cref="System"/> section makes the spec a system of identical chips; without it the spec is one chip
/// (older spec files and chip images have none and load as before).
/// </remarks>
public sealed record ChipSpec(
    string Name,
    string Description,
    double ProcessNodeNm,
    double ClockMhz,
    CoreGridSpec Cores,
    CoreSpec Core,
    NocSpec Noc,
    double StaticPowerMw,
    IReadOnlyList<FixedComponentSpec> ChipComponents,
    IReadOnlyDictionary<string, string> Citations)
{
    /// <summary>The system of chips this chip is part of; null for a single chip.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SystemSpec? System { get; init; }
}

/// <summary>The cores of a chip and their placement on a 2-D mesh (row-major: core i sits at (i / MeshCols, i % MeshCols)).</summary>
/// <param name="Count">Number of cores.</param>
/// <param name="MeshRows">Rows of the mesh.</param>
/// <param name="MeshCols">Columns of the mesh; <c>MeshRows × MeshCols ≥ Count</c>.</param>
public sealed record CoreGridSpec(int Count, int MeshRows, int MeshCols);

/// <summary>A block given only by its full-load power and its area (a bus, an I/O link, sample-and-hold circuits).</summary>
/// <param name="Name">What the block is.</param>
/// <param name="PowerMw">Power at full load in mW, counted as drawn all the time.</param>
/// <param name="AreaMm2">Area in mm².</param>
/// <param name="Source">Where the numbers come from (a key of <see cref="ChipSpec.Citations"/> and a table or section).</param>
public sealed record FixedComponentSpec(string Name, double PowerMw, double AreaMm2, string Source);
