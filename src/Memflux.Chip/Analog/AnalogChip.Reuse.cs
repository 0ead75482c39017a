using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>Reusing a chip's programmed devices under another read-side periphery (sweeps, issue 17 §3).</summary>
public sealed partial class AnalogChip
{
    /// <summary>
    /// The devices as <see cref="Create(ComputeGraph, AnalogPreset, ulong)"/> programmed them, for
    /// <see cref="Create(ComputeGraph, AnalogPreset, ProgrammedChip)"/>: shared with this chip, not copied (reads,
    /// time and calibration never change them). Throws <see cref="InvalidOperationException"/> once a layer was
    /// programmed again.
    /// </summary>
    public ProgrammedChip CaptureProgramming()
    {
        if (_programmings != 1 || Layers.Any(l => l.Matrices.Any(m => m.ProgramEpoch != 0)))
        {
            throw new InvalidOperationException($"the chip was programmed {_programmings} times; only a chip as first programmed can be captured.");
        }

        return new ProgrammedChip(Seed, [.. Layers.Select(l => l.Key)], [.. Layers.Select(l => l.Matrices.Select(m => m.TileStates).ToArray())]);
    }

    /// <summary>
    /// Maps <paramref name="graph"/> onto crossbars of <paramref name="preset"/> and puts every layer on the devices
    /// <paramref name="programmed"/> holds, programming none: each tile is calibrated and read under
    /// <paramref name="preset"/>'s periphery, so the chip is bit-identical to <see cref="Create(ComputeGraph, AnalogPreset, ulong)"/>
    /// with <paramref name="programmed"/>'s seed, provided <paramref name="programmed"/> came from a chip of the same
    /// model whose preset programs devices alike: the same device and device parameters, tile rows and columns, weight
    /// mapping and program-and-verify (<see cref="Image.PresetCodec.ProgrammingKey"/>). What can be checked here is:
    /// the layers, each matrix's tiles and devices per weight, and each tile's weight scales (other weights fail).
    /// </summary>
    public static AnalogChip Create(ComputeGraph graph, AnalogPreset preset, ProgrammedChip programmed)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(programmed);
        var mapping = AnalogMapping.Map(graph);
        var chip = new AnalogChip(preset, mapping.Layers, mapping.DigitalNodes, programmed.Seed);
        programmed.CheckLayers(chip.Layers);
        chip.ProgramLayers(chip.Layers, programmed);
        return chip;
    }
}

/// <summary>
/// A chip's programmed devices (<see cref="AnalogChip.CaptureProgramming"/>): per analog layer and weight matrix, each
/// tile's <see cref="TileState"/> as programming left it. Another chip of the same model and programming-side preset
/// values reuses them (<see cref="AnalogChip.Create(ComputeGraph, AnalogPreset, ProgrammedChip)"/>).
/// </summary>
public sealed class ProgrammedChip
{
    private readonly string[] _layerKeys;
    private readonly IReadOnlyList<TileState>[][] _tiles;

    internal ProgrammedChip(ulong seed, string[] layerKeys, IReadOnlyList<TileState>[][] tiles)
    {
        Seed = seed;
        _layerKeys = layerKeys;
        _tiles = tiles;
        DeviceBytes = tiles.SelectMany(l => l).SelectMany(m => m).Sum(t => t.DeviceCount * BytesPerDevice);
    }

    /// <summary>The seed the devices were programmed with.</summary>
    public ulong Seed { get; }

    /// <summary>Bytes of device state held: eight per device (programmed conductance and drift exponent, fp32 each; <see cref="Devices.DeviceState"/>), without the rarer fault and verify-count bytes.</summary>
    public long DeviceBytes { get; }

    private const long BytesPerDevice = 2 * sizeof(float);

    internal void CheckLayers(IReadOnlyList<AnalogLayer> layers)
    {
        if (layers.Count != _layerKeys.Length)
        {
            throw new MemfluxException($"programmed chip: the model maps to {layers.Count} analog layers, the programmed devices hold {_layerKeys.Length}.");
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (!string.Equals(layers[i].Key, _layerKeys[i], StringComparison.Ordinal) || layers[i].Groups != _tiles[i].Length)
            {
                throw new MemfluxException($"programmed chip: layer {i} is {layers[i].Description} with {layers[i].Groups} matrices; the programmed devices hold '{_layerKeys[i]}' with {_tiles[i].Length}.");
            }
        }
    }

    /// <summary>The tiles of matrix <paramref name="group"/> of layer <paramref name="index"/> (checked by <see cref="CheckLayers"/>).</summary>
    internal IReadOnlyList<TileState> Tiles(int index, int group) => _tiles[index][group];
}
