using System.Globalization;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Compiles a network onto a system of chips: <see cref="ChipSplitPass"/> (layers larger than a chip into parts),
/// <see cref="StagePass"/> (contiguous parts onto chips as pipeline stages), then per chip a sub-profile of its parts
/// through <see cref="ChipCompiler"/> (partition, replicate into that chip's free tiles, place, utilisation), and the
/// flows between parts on different chips routed over the topology. One chip asked for (or no system section and no
/// count) compiles the network with <see cref="ChipCompiler"/> alone, so a single chip's mapping is today's.
/// </summary>
public static class SystemCompiler
{
    /// <summary>The system passes in the order they run (each chip then runs <see cref="ChipCompiler.Passes"/>).</summary>
    public static IReadOnlyList<ISystemCompilerPass> Passes { get; } = [new ChipSplitPass(), new StagePass()];

    /// <summary>
    /// Compiles <paramref name="network"/> onto chips of <paramref name="model"/>: <paramref name="chips"/> when given
    /// (from <paramref name="chipsSource"/>, named in errors), else the spec's <c>system.chips</c>, else one chip.
    /// </summary>
    public static SystemMapping Compile(NetworkProfile network, ChipModel model, ChipCount? chips = null, bool replicate = true, string chipsSource = "--chips")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        var spec = model.Spec;
        var count = chips ?? spec.System?.Chips;
        string source = chips is not null ? chipsSource : "system.chips of the chip spec";
        if (count is null)
        {
            return SystemMapping.Single(ChipCompiler.Compile(network, model, replicate));
        }

        var state = new SystemState(network, model, count.Value, source);
        foreach (var pass in Passes)
        {
            if (pass is StagePass && count.Value is { IsAuto: false, Count: 1 })
            {
                ThrowIfNotOneChip(state);
                return SystemMapping.Single(ChipCompiler.Compile(network, model, replicate));
            }

            pass.Run(state);
        }

        if (state.ChipCount > 1 && spec.System is null)
        {
            throw new MemfluxException(string.Create(CultureInfo.InvariantCulture, $"{network.Name} needs {state.ChipCount} chips of '{spec.Name}', but its chip spec has no \"system\" section saying how chips connect (topology and link); add one (see the presets) or use a larger chip."));
        }

        if (state.ChipCount == 1)
        {
            return SystemMapping.Single(ChipCompiler.Compile(network, model, replicate));
        }

        return Assemble(state, replicate);
    }

    /// <summary>One chip asked for: today's error when the network does not fit, with the chips it would take.</summary>
    private static void ThrowIfNotOneChip(SystemState state)
    {
        var parts = CompilerState.Required(state.Parts, nameof(ChipSplitPass));
        long needed = parts.Sum(p => (long)p.Tiles), available = state.Model.TotalTiles;
        if (needed <= available)
        {
            return;
        }

        int minimum = StagePass.MinimumChips(parts, available);
        string fix = state.Spec.System is null
            ? " (a chip spec with a \"system\" section could split it over several chips)."
            : string.Create(CultureInfo.InvariantCulture, $", or {minimum} chips of it: --chips auto or --chips {minimum} ({state.ChipsSource} gives 1).");
        throw new MemfluxException(PartitionPass.NotFitMessage(state.Network, state.Spec, needed, available) + fix);
    }

    private static SystemMapping Assemble(SystemState state, bool replicate)
    {
        var parts = CompilerState.Required(state.Parts, nameof(ChipSplitPass));
        var flows = CompilerState.Required(state.Flows, nameof(ChipSplitPass));
        var chipOf = CompilerState.Required(state.ChipOfPart, nameof(StagePass));
        int chips = state.ChipCount;
        var local = new int[parts.Length];
        var counts = new int[chips];
        for (int p = 0; p < parts.Length; p++)
        {
            local[p] = counts[chipOf[p]]++;
        }

        var mappings = new ChipMapping[chips];
        for (int c = 0; c < chips; c++)
        {
            mappings[c] = ChipCompiler.Compile(SubProfile(state, c, chipOf, local, flows), state.Model, replicate);
        }

        var topology = new SystemTopology(state.Spec.System, chips);
        var linkFlows = flows
            .Where(f => chipOf[f.FromPart] != chipOf[f.ToPart])
            .Select(f => new ChipLinkFlow(f.FromPart, f.ToPart, chipOf[f.FromPart], chipOf[f.ToPart], f.Kind, f.Bits, topology.Route(chipOf[f.FromPart], chipOf[f.ToPart])))
            .ToArray();
        return new SystemMapping(state.Spec, state.Model, state.Network, topology, parts, chipOf, local, mappings, linkFlows);
    }

    /// <summary>
    /// The network chip <paramref name="chip"/> runs: its parts as layers (a part of a split layer keeps the layer's
    /// MVMs per image with its own rows and columns; bias only where outputs are produced), the flows between its
    /// parts as edges, and the digital nodes after its parts that produce outputs, their ops shared by output columns.
    /// </summary>
    private static NetworkProfile SubProfile(SystemState state, int chip, int[] chipOf, int[] local, PartFlow[] flows)
    {
        var parts = state.Parts!;
        var network = state.Network;
        var layers = new List<LayerShape>();
        var partsOfLayer = new Dictionary<int, List<int>>();
        for (int p = 0; p < parts.Length; p++)
        {
            if (chipOf[p] != chip)
            {
                continue;
            }

            var part = parts[p];
            var shape = network.Layers[part.Layer];
            if (part.PartCount > 1)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $" (part {part.Part + 1} of {part.PartCount})");
                long inputValues = (long)Math.Round((double)shape.InputValuesPerImage * part.Inputs / shape.Inputs);
                shape = shape with
                {
                    Key = shape.Key + name,
                    Description = shape.Description + name,
                    Inputs = part.Inputs,
                    Outputs = part.Outputs,
                    HasBias = shape.HasBias && part.ProducesOutputs,
                    InputValuesPerImage = inputValues,
                };
            }

            layers.Add(shape with { Index = local[p] });
            if (!partsOfLayer.TryGetValue(part.Layer, out var list))
            {
                partsOfLayer[part.Layer] = list = [];
            }

            list.Add(p);
        }

        var edges = flows
            .Where(f => chipOf[f.FromPart] == chip && chipOf[f.ToPart] == chip)
            .Select(f => new LayerEdge(local[f.FromPart], local[f.ToPart], (long)Math.Round(f.Values)))
            .ToList();
        var digital = new List<DigitalNodeWork>();
        foreach (var node in network.DigitalNodes)
        {
            if (!partsOfLayer.TryGetValue(node.Layer, out var list))
            {
                continue;
            }

            var producers = list.Where(p => parts[p].ProducesOutputs).ToList();
            int n = network.Layers[node.Layer].Outputs;
            foreach (int p in producers)
            {
                double share = parts[p].PartCount == 1 ? 1 : (double)parts[p].Outputs / n;
                digital.Add(node with
                {
                    Layer = local[p],
                    OpsPerImage = Scale(node.OpsPerImage),
                    HostInValuesPerImage = Scale(node.HostInValuesPerImage),
                    HostOutValuesPerImage = Scale(node.HostOutValuesPerImage),
                });

                long Scale(long value) => share == 1 ? value : (long)Math.Round(value * share);
            }
        }

        string label = string.Create(CultureInfo.InvariantCulture, $"{network.Name} (chip {chip} of {chipOf[^1] + 1})");
        return new NetworkProfile(label, layers, edges, digital);
    }
}
