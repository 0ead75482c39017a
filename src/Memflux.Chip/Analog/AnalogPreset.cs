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
    public static AnalogPreset Ideal { get; } = new("ideal", "ideal devices, no noise, unlimited DAC/ADC resolution", () => new IdealDevice(), TileConfig.Ideal);

    /// <summary>
    /// aihwkit-style PCM inference: the calibrated PCM statistical model (<see cref="PcmDevice"/>, Nandakumar et al. 2019 /
    /// Joshi et al. 2020) on 256×256 tiles with 8-bit DAC/ADC, output noise and global drift compensation
    /// (<see cref="TileConfig.Pcm"/>: the periphery values of aihwkit's StandardHWATrainingPreset without its PCM_READ
    /// weight noise, IR drop, 512-input tiles and learned input range).
    /// </summary>
    public static AnalogPreset Pcm { get; } = new(
        "pcm", "PCM statistical model (Nandakumar 2019 / Joshi 2020), 256x256 tiles, 8-bit DAC/ADC, output noise 0.04, abs-max, global drift compensation (aihwkit StandardHWATrainingPreset's periphery values without its w_noise, IR drop, 512-row tiles)",
        () => new PcmDevice(), TileConfig.Pcm);

    /// <summary>
    /// aihwkit's StandardHWATrainingPreset on the same PCM statistical model (<see cref="TileConfig.PcmAihwkit"/>: the
    /// <c>pcm</c> periphery plus PCM_READ weight noise 0.0175, aihwkit's IR drop 1.0, 512-input tiles, the drift reference
    /// from the programmed weights; abs-max instead of the preset's learned input ranges).
    /// </summary>
    public static AnalogPreset PcmAihwkit { get; } = new(
        "pcm-aihwkit", "aihwkit StandardHWATrainingPreset: PCM statistical model, 512-input tiles, 8-bit DAC/ADC, output noise 0.04, PCM_READ weight noise 0.0175, aihwkit IR drop 1.0, global drift compensation from the programmed weights, abs-max (no learned input ranges)",
        () => new PcmDevice(), TileConfig.PcmAihwkit);

    /// <summary>
    /// The IBM HERMES core (Le Gallo et al. 2023; Khaddam-Aljameh et al. 2022): the same PCM statistical model, four
    /// devices per weight (two per polarity), 8-bit pulse-width inputs, 8-bit ADCs, affine correction (<see cref="TileConfig.PcmHermes"/>).
    /// </summary>
    public static AnalogPreset PcmHermes { get; } = new(
        "pcm-hermes", "HERMES core (Le Gallo 2023): PCM model, 2 devices per polarity, 8-bit PWM inputs, 8-bit ADCs, affine correction, global drift compensation",
        () => new PcmDevice(), TileConfig.PcmHermes);

    /// <summary>RRAM after NeuRRAM (Wan et al. 2022): <see cref="RramDevice"/> on <see cref="TileConfig.Rram"/> tiles with write-verify.</summary>
    public static AnalogPreset Rram { get; } = new(
        "rram", "RRAM statistical model (aihwkit fit to Wan et al. 2022, NeuRRAM), 256x256 tiles, write-verify, 8-bit DAC/ADC, global drift compensation",
        () => new RramDevice(), TileConfig.Rram);

    /// <summary>Every preset, by name.</summary>
    public static IReadOnlyList<AnalogPreset> All { get; } = [Ideal, Pcm, PcmAihwkit, PcmHermes, Rram];

    /// <summary>This preset with global drift compensation switched on or off.</summary>
    public AnalogPreset WithDriftCompensation(bool on) => this with
    {
        Tiles = Tiles with { DriftCompensation = on ? DriftCompensation.Global : DriftCompensation.None },
    };

    /// <summary>
    /// The preset called <paramref name="name"/>, or, for a path ending in <c>.csv</c>, a custom device from that CSV of
    /// measured statistics (<see cref="FromCsv"/>); a clear error listing the presets otherwise.
    /// </summary>
    public static AnalogPreset Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return FromCsv(name);
        }

        return All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new MemfluxException($"unknown analog preset '{name}'; expected one of: {string.Join(", ", All.Select(p => p.Name))}, or a device statistics file FILE.csv (docs/devices.md).");
    }

    /// <summary>
    /// A custom device (<see cref="CustomDevice"/>) read from the CSV at <paramref name="path"/> on the periphery of the
    /// <c>pcm</c> preset (<see cref="TileConfig.Pcm"/>: 256×256 tiles, 8-bit DAC/ADC, output noise, global drift
    /// compensation) [memflux_assumption: a CSV describes devices only; the aihwkit-style PCM periphery is the common
    /// base]. The file is read and validated now; errors name the file, line and column.
    /// </summary>
    public static AnalogPreset FromCsv(string path)
    {
        var table = CustomDeviceCsv.Read(path);
        return FromTable(Path.GetFileName(path), table, 20.0, DeviceNonIdealities.None, TileConfig.Pcm);
    }

    /// <summary>A preset of a <see cref="CustomDevice"/> with <paramref name="table"/> on <paramref name="tiles"/>.</summary>
    public static AnalogPreset FromTable(string name, CustomDeviceTable table, double driftT0Seconds, DeviceNonIdealities nonIdealities, TileConfig tiles)
    {
        ArgumentNullException.ThrowIfNull(table);
        _ = new CustomDevice(table, driftT0Seconds, nonIdealities); // validates now
        return new AnalogPreset(
            name, $"custom device from {table.Source} ({table.Count} rows of statistics, g_max {table.GMaxMicroSiemens} uS) on the pcm preset's periphery",
            () => new CustomDevice(table, driftT0Seconds, nonIdealities), tiles);
    }
}
