using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Memflux.Chip.Hardware;

/// <summary>
/// A system of identical chips (the optional <c>system</c> section of a chip spec): how many, how they connect and
/// what one chip-to-chip link costs. A spec without it is one chip, as before issue 14.
/// </summary>
/// <param name="Chips">How many chips: a positive count, or <c>"auto"</c> for the fewest that hold one copy of the network.</param>
/// <param name="Topology"><c>ring</c>, <c>mesh</c> (a 2-D grid of <see cref="MeshRows"/> × <see cref="MeshCols"/>) or <c>switch</c> (every chip one hop from every other through a central switch).</param>
/// <param name="MeshRows">Rows of the chip mesh; 0 (with <see cref="MeshCols"/> 0) for the squarest grid holding the chips; must be 0 for a ring or a switch.</param>
/// <param name="MeshCols">Columns of the chip mesh; 0 as for <see cref="MeshRows"/>.</param>
/// <param name="Link">One directed chip-to-chip link.</param>
/// <param name="DigitalWork">
/// Where digital work no tile does (the graph's digital nodes: softmax, LayerNorm, GELU, attention's activation ×
/// activation products, pooling, residual adds) runs: <c>cores</c> (each chip's own digital units) or <c>host</c> (the
/// processor of <see cref="Host"/>, across its link; the tiles' own shift-and-add, partial sums and bias stay on chip).
/// </param>
/// <param name="Source">Where the topology and the choice of digital work come from.</param>
public sealed record SystemSpec(
    ChipCount Chips,
    string Topology,
    int MeshRows,
    int MeshCols,
    ChipLinkSpec Link,
    string DigitalWork,
    string Source)
{
    /// <summary>A ring: chip i links to i ± 1 (mod chips), routes take the shorter way.</summary>
    public const string Ring = "ring";

    /// <summary>A 2-D mesh with XY routing.</summary>
    public const string Mesh = "mesh";

    /// <summary>A central switch: one link hop from the source chip to the switch and one to the destination.</summary>
    public const string Switch = "switch";

    /// <summary>Digital work runs on the chips' own core digital units.</summary>
    public const string CoresDigitalWork = "cores";

    /// <summary>Digital work runs on the host of <see cref="Host"/>, its activations crossing the host link.</summary>
    public const string HostDigitalWork = "host";

    /// <summary>The host processor and its link to the chips; required when <see cref="DigitalWork"/> is <c>host</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HostSpec? Host { get; init; }

    /// <summary>True when the graph's digital nodes run on <see cref="Host"/>.</summary>
    [JsonIgnore]
    public bool DigitalOnHost => DigitalWork == HostDigitalWork;
}

/// <summary>
/// A host processor that runs the digital work no tile does, reached over one link (full duplex: one direction to the
/// host, one back) from chip 0's I/O core; what crosses is every activation a digital node reads from the chips and every
/// value a chip's layer reads from the host, once each way.
/// </summary>
/// <param name="Link">The host link, one direction (e.g. PCIe Gen4 x16: 16 GT/s × 16 lanes × 128/130 = 252 Gbit/s).</param>
/// <param name="ThroughputGops">Digital ops per second the host sustains on this work, in 10^9 op/s.</param>
/// <param name="EnergyPerOpPj">Energy of one digital op on the host (instruction overhead included), in pJ.</param>
/// <param name="Source">Where the processor's figures come from.</param>
public sealed record HostSpec(ChipLinkSpec Link, double ThroughputGops, double EnergyPerOpPj, string Source);

/// <summary>One directed link between two chips (or between a chip and the switch).</summary>
/// <param name="BandwidthGbps">Bandwidth of one direction in Gbit/s.</param>
/// <param name="LatencyNs">Latency of one traversal (PHY to PHY, adapter included) in ns.</param>
/// <param name="EnergyPerBitPj">Energy to move one bit over the link once, in pJ.</param>
/// <param name="AreaMm2">Area of one chip's link PHYs (all its ports together), in mm².</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record ChipLinkSpec(double BandwidthGbps, double LatencyNs, double EnergyPerBitPj, double AreaMm2, string Source);

/// <summary>A number of chips or <c>auto</c>; in JSON a positive integer or the string <c>"auto"</c>.</summary>
[JsonConverter(typeof(ChipCountJsonConverter))]
public readonly record struct ChipCount
{
    private ChipCount(int count, bool isAuto)
    {
        Count = count;
        IsAuto = isAuto;
    }

    /// <summary>The fewest chips that hold the network.</summary>
    public static ChipCount Auto => new(0, isAuto: true);

    /// <summary>True for <c>auto</c>.</summary>
    public bool IsAuto { get; }

    /// <summary>The count; 0 for <c>auto</c>.</summary>
    public int Count { get; }

    /// <summary>Exactly <paramref name="count"/> chips (any value; <see cref="ChipSpecValidator"/> range-checks it).</summary>
    public static ChipCount Exactly(int count) => new(count, isAuto: false);

    /// <summary>Parses <c>auto</c> or an integer; null when <paramref name="text"/> is neither.</summary>
    public static ChipCount? TryParse(string? text)
    {
        if (string.Equals(text, "auto", StringComparison.Ordinal))
        {
            return Auto;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) ? Exactly(n) : null;
    }

    /// <inheritdoc/>
    public override string ToString() => IsAuto ? "auto" : Count.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads and writes <see cref="ChipCount"/> as a JSON integer or <c>"auto"</c>.</summary>
internal sealed class ChipCountJsonConverter : JsonConverter<ChipCount>
{
    public override ChipCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() == "auto")
        {
            return ChipCount.Auto;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int n))
        {
            return ChipCount.Exactly(n);
        }

        throw new JsonException("expected a positive integer or \"auto\".");
    }

    public override void Write(Utf8JsonWriter writer, ChipCount value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsAuto)
        {
            writer.WriteStringValue("auto");
        }
        else
        {
            writer.WriteNumberValue(value.Count);
        }
    }
}
