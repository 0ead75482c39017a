using Memflux.Devices;
using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>
/// A network programmed onto crossbars, with its state kept over the chip's lifetime. Every Conv/Gemm/MatMul with a
/// constant weight is an <see cref="AnalogLayer"/>; every other node runs digitally. Time belongs to the chip:
/// <see cref="Program"/> writes the devices at the current time, <see cref="AdvanceTo"/> moves time forward and
/// <see cref="Read"/> takes a fresh read of every device (drift to each layer's age, new read noise) that the following
/// inferences see. Programming noise, drift exponents and faults stay as programmed until a layer is programmed again.
/// </summary>
public sealed partial class AnalogChip
{
    private readonly Dictionary<string, AnalogLayer> _byKey;
    private ulong _programmings;
    private ulong _reads;
    private int? _maxDegreeOfParallelism;

    private AnalogChip(AnalogPreset preset, IReadOnlyList<AnalogLayer> layers, IReadOnlyList<DigitalNode> digital, ulong seed)
    {
        Preset = preset;
        Device = preset.Device();
        Layers = layers;
        DigitalNodes = digital;
        Seed = seed;
        _byKey = layers.ToDictionary(l => l.Key, StringComparer.Ordinal);
    }

    /// <summary>The analog preset the chip is built from.</summary>
    public AnalogPreset Preset { get; }

    /// <summary>The device model of every crossbar.</summary>
    public DeviceModel Device { get; }

    /// <summary>The seed every random draw of this chip derives from.</summary>
    public ulong Seed { get; }

    /// <summary>Layers on crossbars, in graph order.</summary>
    public IReadOnlyList<AnalogLayer> Layers { get; }

    /// <summary>Nodes that run digitally, each with the reason.</summary>
    public IReadOnlyList<DigitalNode> DigitalNodes { get; }

    /// <summary>Chip time in seconds (0 when first programmed).</summary>
    public double TimeSeconds { get; private set; }

    /// <summary>
    /// Upper bound on worker threads of every matrix's reads and multiplies (null: one per processor). Results never
    /// depend on it: every random draw is keyed by (seed, matrix, tile, device, read, call).
    /// </summary>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            _maxDegreeOfParallelism = value;
            foreach (var matrix in Layers.SelectMany(l => l.Matrices))
            {
                matrix.MaxDegreeOfParallelism = value;
            }
        }
    }

    /// <summary>How many reads the chip has taken (each with fresh read noise).</summary>
    public ulong ReadCount => _reads;

    /// <summary>Maps <paramref name="graph"/> onto crossbars of <paramref name="preset"/> and programs every layer with <paramref name="seed"/>.</summary>
    public static AnalogChip Create(ComputeGraph graph, AnalogPreset preset, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var mapping = AnalogMapping.Map(graph);
        var chip = new AnalogChip(preset, mapping.Layers, mapping.DigitalNodes, seed);
        chip.Program();
        return chip;
    }

    /// <summary>The layer whose node writes <paramref name="outputName"/>, or null.</summary>
    public AnalogLayer? FindLayer(string outputName) => _byKey.GetValueOrDefault(outputName);

    /// <summary>
    /// Programs every layer (or only <paramref name="layerKey"/>) at the current chip time with fresh programming noise,
    /// then takes a read so inference sees the new state.
    /// </summary>
    public void Program(string? layerKey = null) =>
        ProgramLayers(layerKey is null ? Layers : [_byKey.GetValueOrDefault(layerKey) ?? throw new MemfluxException($"no analog layer writes '{layerKey}'.")], null);

    /// <summary>Programs <paramref name="targets"/>, or puts each on the devices <paramref name="programmed"/> holds for it; then reads.</summary>
    private void ProgramLayers(IReadOnlyList<AnalogLayer> targets, ProgrammedChip? programmed)
    {
        ulong programming = _programmings++;
        foreach (var layer in targets)
        {
            int index = IndexOf(layer);
            var matrices = new AnalogMatrix[layer.Groups];
            for (int g = 0; g < matrices.Length; g++)
            {
                ulong seed = CounterRandom.Key(Seed, programming, (ulong)index, (ulong)g);
                var weights = layer.WeightMatrix(g).Span;
                layer.ThrowIfNotFinite(weights, g);
                int matrixId = (index << 16) + g;
                matrices[g] = programmed is null
                    ? new AnalogMatrix(weights, layer.Inputs, layer.Outputs, Preset.Tiles, Device, seed, matrixId)
                    : new AnalogMatrix(weights, layer.Inputs, layer.Outputs, Preset.Tiles, Device, seed, matrixId, programmed.Tiles(index, g));
                matrices[g].MaxDegreeOfParallelism = _maxDegreeOfParallelism;
            }

            layer.SetMatrices(matrices, TimeSeconds);
        }

        Read();
    }

    /// <summary>Moves chip time to <paramref name="timeSeconds"/> (never backwards) and reads every device there.</summary>
    public void AdvanceTo(double timeSeconds)
    {
        if (!(timeSeconds >= TimeSeconds) || !double.IsFinite(timeSeconds))
        {
            throw new MemfluxException($"chip time can only move forward: it is {TimeSeconds} s, asked for {timeSeconds} s.");
        }

        TimeSeconds = timeSeconds;
        Read();
    }

    /// <summary>Reads every device at the current time with fresh read noise.</summary>
    public void Read()
    {
        ulong read = _reads++;
        foreach (var layer in Layers)
        {
            foreach (var matrix in layer.Matrices)
            {
                matrix.Read(TimeSeconds - layer.ProgrammedAtSeconds, read);
            }
        }
    }

    private int IndexOf(AnalogLayer layer)
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            if (ReferenceEquals(Layers[i], layer))
            {
                return i;
            }
        }

        throw new InvalidOperationException("layer is not on this chip");
    }
}
