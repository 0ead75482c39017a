using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>Capturing and restoring the persistent state of a chip (what the chip image stores).</summary>
public sealed partial class AnalogChip
{
    /// <summary>Programming operations so far (each whole-chip or single-layer <see cref="Program"/> counts one).</summary>
    public ulong ProgrammingCount => _programmings;

    /// <summary>The chip's state; arrays are shared with the chip, not copied (a snapshot must be written before the chip is programmed again).</summary>
    public AnalogChipState CaptureState() => new(
        Seed,
        TimeSeconds,
        _reads,
        _programmings,
        [.. Layers.Select(l => new AnalogLayerState(l.Key, l.ProgrammedAtSeconds, [.. l.Matrices.Select(m => new AnalogMatrixState(
            m.Seed, m.MatrixId, m.ProgramEpoch, m.Inputs, m.Outputs, m.LastRead.TimeSeconds, m.LastRead.ReadIndex, m.CallsSinceRead, m.TileStates))]))]);

    /// <summary>
    /// Rebuilds a chip from <paramref name="state"/> without re-sampling: <paramref name="graph"/> (the model the chip was
    /// programmed with, at any batch size) is mapped again, each layer gets its stored matrices and the latest read is
    /// repeated, so products, further reads, <see cref="AdvanceTo"/> and re-programming continue bit for bit as on the
    /// original chip. Throws <see cref="MemfluxException"/> when the state does not fit the graph or preset.
    /// </summary>
    public static AnalogChip Restore(ComputeGraph graph, AnalogPreset preset, AnalogChipState state)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(state);
        var mapping = AnalogMapping.Map(graph);
        if (mapping.Layers.Count != state.Layers.Count)
        {
            throw new MemfluxException($"chip state: the model maps to {mapping.Layers.Count} analog layers, the state holds {state.Layers.Count}.");
        }

        if (!(double.IsFinite(state.TimeSeconds) && state.TimeSeconds >= 0))
        {
            throw new MemfluxException($"chip state: time must be finite and ≥ 0, found {state.TimeSeconds} s.");
        }

        var chip = new AnalogChip(preset, mapping.Layers, mapping.DigitalNodes, state.Seed)
        {
            TimeSeconds = state.TimeSeconds,
            _reads = state.ReadCount,
            _programmings = state.ProgrammingCount,
        };
        for (int i = 0; i < mapping.Layers.Count; i++)
        {
            chip.RestoreLayer(mapping.Layers[i], state.Layers[i]);
        }

        return chip;
    }

    private void RestoreLayer(AnalogLayer layer, AnalogLayerState stored)
    {
        if (!string.Equals(layer.Key, stored.Key, StringComparison.Ordinal))
        {
            throw new MemfluxException($"chip state: expected layer '{layer.Key}' ({layer.Description}), found '{stored.Key}'.");
        }

        if (stored.Matrices.Count != layer.Groups)
        {
            throw new MemfluxException($"chip state: {layer.Description}: expected {layer.Groups} matrices, found {stored.Matrices.Count}.");
        }

        if (!(stored.ProgrammedAtSeconds >= 0 && stored.ProgrammedAtSeconds <= TimeSeconds))
        {
            throw new MemfluxException($"chip state: {layer.Description}: programmed at {stored.ProgrammedAtSeconds} s, expected a time in [0, {TimeSeconds}] s.");
        }

        var matrices = new AnalogMatrix[stored.Matrices.Count];
        for (int g = 0; g < matrices.Length; g++)
        {
            var m = stored.Matrices[g];
            if (m.Inputs != layer.Inputs || m.Outputs != layer.Outputs)
            {
                throw new MemfluxException($"chip state: {layer.Description} matrix {g}: expected {layer.Inputs}×{layer.Outputs}, found {m.Inputs}×{m.Outputs}.");
            }

            matrices[g] = AnalogMatrix.Restore(m.Inputs, m.Outputs, Preset.Tiles, Device, m.Seed, m.MatrixId, m.ProgramEpoch, m.Tiles);
            if (_reads > 0)
            {
                matrices[g].RestoreRead(m.LastReadTimeSeconds, m.LastReadIndex, m.CallsSinceRead);
            }
        }

        layer.SetMatrices(matrices, stored.ProgrammedAtSeconds);
    }
}
