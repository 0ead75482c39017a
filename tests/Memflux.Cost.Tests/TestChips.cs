using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>Small made-up chips and networks whose numbers can be checked by hand.</summary>
internal static class TestChips
{
    private const string S = "[t] test";

    /// <summary>A chip of <paramref name="cores"/> cores on a rows×cols mesh, each with <paramref name="tilesPerCore"/> tiles of 8×6 weights.</summary>
    public static ChipSpec Small(int cores = 4, int meshRows = 2, int meshCols = 2, int tilesPerCore = 2, double digitalGops = 1000, double linkGbps = 10)
    {
        var unit = new DigitalUnitSpec(EnergyPerOpPj: 0.5, ThroughputGops: digitalGops, AreaMm2: 0.01, Source: S);
        return new ChipSpec(
            Name: "small",
            Description: "test chip",
            ProcessNodeNm: 28,
            ClockMhz: 500,
            Cores: new CoreGridSpec(cores, meshRows, meshCols),
            Core: new CoreSpec(
                Tiles: new TileArraySpec(Count: tilesPerCore, Rows: 16, Cols: 12, RowsPerWeight: 2, ColsPerWeight: 2, DevicesPerWeight: 4, BitsPerDevice: 2, ReadEnergyPerActivationPj: 10, AreaMm2: 0.1, Source: S),
                ReadPhases: 1,
                OutputBits: 8,
                Input: new InputDriverSpec(Bits: 4, Encoding: InputDriverSpec.BitSerial, SignedMagnitude: false, StepTimeNs: 5, EnergyPerRowDrivePj: 0.25, AreaMm2: 0.02, Source: S),
                Adc: new AdcBankSpec(Type: "sar", Bits: 6, ColumnsPerAdc: 4, EnergyPerConversionPj: 2, ConversionTimeNs: 1, OverlapsInput: true, AreaMm2: 0.003, Source: S),
                Digital: new DigitalSpec(unit, unit with { EnergyPerOpPj = 1 }, unit with { EnergyPerOpPj = 3 }),
                Buffers: [new BufferSpec("in", BufferSpec.InputRole, 1024, 2, 0.05, S), new BufferSpec("io", BufferSpec.InputOutputRole, 2048, 1, 0.07, S)],
                StaticPowerMw: 1.5,
                OtherComponents: [new FixedComponentSpec("bus", 2, 0.2, S)],
                Programming: new ProgrammingSpec(PulseEnergyPj: 5, IterationTimeNs: 100, MeanIterationsPerDevice: 4, ParallelDevicesPerTile: 2, Source: S)),
            Noc: new NocSpec(LinkBandwidthGbps: linkGbps, HopLatencyNs: 3, EnergyPerBitPerHopPj: 0.1, RoutersPerCore: 1, RouterAreaMm2: 0.4, Source: S),
            StaticPowerMw: 7,
            ChipComponents: [new FixedComponentSpec("io", 100, 5, S)],
            Citations: new Dictionary<string, string> { ["t"] = "a test" });
    }

    /// <summary><paramref name="chip"/> as one chip of a system joined by <paramref name="topology"/> links.</summary>
    public static ChipSpec WithSystem(ChipSpec chip, string topology = SystemSpec.Ring, double linkGbps = 1, double linkLatencyNs = 20, double energyPerBitPj = 2, double linkAreaMm2 = 0.5) =>
        chip with
        {
            System = new SystemSpec(ChipCount.Auto, topology, 0, 0, new ChipLinkSpec(linkGbps, linkLatencyNs, energyPerBitPj, linkAreaMm2, S), SystemSpec.CoresDigitalWork, S),
        };

    /// <summary>A network of one-tile-or-more layers with explicit edges (from, to, values per image).</summary>
    public static NetworkProfile Graph((int K, int N, long Mvms)[] layers, (int From, int To, long Values)[] edges) =>
        new(
            "graph",
            [.. layers.Select((l, i) => new LayerShape(i, $"y{i}", $"Gemm node 'l{i}'", "Gemm", l.K, l.N, 1, l.Mvms, HasBias: false, InputValuesPerImage: (long)l.K * l.Mvms))],
            [.. edges.Select(e => new LayerEdge(e.From, e.To, e.Values))],
            []);

    /// <summary>The compiler's passes on <paramref name="net"/>, without <see cref="TrimReplicasPass"/> unless <paramref name="trim"/>.</summary>
    public static CompilerState Compile(NetworkProfile net, ChipModel model, bool trim)
    {
        var state = new CompilerState(net, model);
        foreach (var pass in ChipCompiler.Passes())
        {
            if (trim || pass is not TrimReplicasPass)
            {
                pass.Run(state);
            }
        }

        return state;
    }

    /// <summary>A chain of layers (k, n, MVMs per image), each feeding the next with its outputs.</summary>
    public static NetworkProfile Chain(params (int K, int N, long Mvms)[] layers) => Chain(groups: 1, layers);

    /// <summary>A chain of grouped layers.</summary>
    public static NetworkProfile Chain(int groups, params (int K, int N, long Mvms)[] layers)
    {
        var shapes = new List<LayerShape>();
        var edges = new List<LayerEdge>();
        for (int i = 0; i < layers.Length; i++)
        {
            var (k, n, m) = layers[i];
            shapes.Add(new LayerShape(i, $"y{i}", $"Gemm node 'l{i}'", "Gemm", k, n, groups, m, HasBias: false, InputValuesPerImage: (long)k * groups * m));
            if (i > 0)
            {
                edges.Add(new LayerEdge(i - 1, i, (long)layers[i - 1].N * groups * layers[i - 1].Mvms));
            }
        }

        return new NetworkProfile("chain", shapes, edges, []);
    }
}
