using Memflux.Devices;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>A named analog configuration: the device every crossbar is made of and how tiles are laid out and read.</summary>
/// <param name="Name">Preset name as the CLI takes it.</param>
/// <param name="Description">One line: what it models and its source.</param>
/// <param name="Device">Creates the device model (a fresh instance per chip).</param>
/// <param name="Tiles">Tile layout and periphery.</param>
public sealed record AnalogPreset(string Name, string Description, Func<DeviceModel> Device, TileConfig Tiles)
{
    /// <summary>Ideal devices and unlimited-resolution periphery: must reproduce the digital reference.</summary>
    public static AnalogPreset Ideal { get; } = new("ideal", "ideal devices, no noise, unlimited DAC/ADC resolution", () => new IdealDevice(), new TileConfig());

    /// <summary>Every preset, by name.</summary>
    public static IReadOnlyList<AnalogPreset> All { get; } = [Ideal];

    /// <summary>The preset called <paramref name="name"/>; a clear error listing the presets otherwise.</summary>
    public static AnalogPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new MemfluxException($"unknown analog preset '{name}'; expected one of: {string.Join(", ", All.Select(p => p.Name))}.");
}
