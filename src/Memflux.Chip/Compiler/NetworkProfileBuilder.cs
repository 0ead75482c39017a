using Memflux.Chip.Analog;
using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Builds a <see cref="NetworkProfile"/> from a graph imported at a known batch size: the analog layers from
/// <see cref="AnalogMapping"/>, the edges between them (found by walking the graph through digital nodes) and each
/// digital node's ops from its shapes (<see cref="DigitalOpCounter"/>).
/// </summary>
public static class NetworkProfileBuilder
{
    /// <summary>Profiles <paramref name="graph"/>, whose shapes are for <paramref name="batch"/> images.</summary>
    public static NetworkProfile Build(ComputeGraph graph, int batch)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return BuildCore(graph, AnalogMapping.Map(graph), batch);
    }

    /// <summary>Profiles <paramref name="graph"/> with an existing <paramref name="mapping"/> of it.</summary>
    public static NetworkProfile Build(ComputeGraph graph, AnalogMapping mapping, int batch)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return BuildCore(graph, mapping, batch);
    }

    private static NetworkProfile BuildCore(ComputeGraph graph, AnalogMapping mapping, int batch)
    {
        if (mapping.Layers.Count == 0)
        {
            throw new MemfluxException($"{graph.SourceLabel}: no Conv, Gemm or MatMul with a constant weight, so nothing maps onto crossbars.");
        }

        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < mapping.Layers.Count; i++)
        {
            layerOf[mapping.Layers[i].Key] = i;
        }

        // frontier[v]: the nearest analog layers upstream of value v (through digital nodes only).
        var frontier = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);

        // Values whose rows (tokens) mix rows of the analog layers upstream: a consumer layer waits for all of them.
        var mixed = new HashSet<string>(StringComparer.Ordinal);
        var layers = new LayerShape[mapping.Layers.Count];
        var edges = new List<LayerEdge>();
        var digital = new List<DigitalNodeWork>();
        var host = new HostSide(batch);
        foreach (var node in graph.Nodes)
        {
            if (node.Outputs.Count > 0 && layerOf.TryGetValue(node.Outputs[0].Name, out int index))
            {
                var layer = mapping.Layers[index];
                long vectors = layer.VectorsPerRun;
                if (vectors % batch != 0 || vectors == 0)
                {
                    throw new MemfluxException($"{layer.Description}: {vectors} input vectors per run is not a positive multiple of the batch {batch}; the graph's shapes must be inferred at that batch.");
                }

                bool bias = node.Inputs.Count > 2 && node.Inputs[2] is not null;
                var data = node.Inputs[0];
                host.ReadOnChip(data);
                long values = data?.Shape is { } s ? s.ElementCount / batch : (long)layer.Inputs * layer.Groups * (vectors / batch);
                var rows = RowWindow.Of(node, vectors / batch, data is not null && mixed.Contains(data.Name));
                layers[index] = new LayerShape(index, layer.Key, layer.Description, layer.OpType, layer.Inputs, layer.Outputs, layer.Groups, vectors / batch, bias, values, rows);
                foreach (int from in Upstream(frontier, data))
                {
                    edges.Add(new LayerEdge(from, index, values));
                }

                foreach (var output in node.Outputs)
                {
                    frontier[output.Name] = [index];
                }

                continue;
            }

            var upstream = new SortedSet<int>();
            foreach (var input in node.Inputs)
            {
                upstream.UnionWith(Upstream(frontier, input));
            }

            bool mixes = MixesRows(node) || node.Inputs.Any(i => i is not null && mixed.Contains(i.Name));
            foreach (var output in node.Outputs)
            {
                frontier[output.Name] = upstream;
                if (mixes)
                {
                    mixed.Add(output.Name);
                }
            }

            var (unit, ops) = DigitalOpCounter.Count(node, batch);
            long hostIn = host.Node(node, digital.Count, computes: unit != DigitalUnitKind.None);
            digital.Add(new DigitalNodeWork(node.Describe(), node.OpType, upstream.Count == 0 ? 0 : upstream.Max, unit, ops, hostIn));
        }

        var back = host.ValuesBack;
        for (int i = 0; i < digital.Count; i++)
        {
            digital[i] = digital[i] with { HostOutValuesPerImage = back.GetValueOrDefault(i) };
        }

        return new NetworkProfile(graph.SourceLabel, layers, edges, digital);
    }

    /// <summary>
    /// Which side of a host link each value would be on if digital nodes ran on a host: analog outputs and graph inputs
    /// on chip; a digital node with ops on the host; a node without ops (reshape, concat) on its first activation input's
    /// side. Counts each value once per crossing: up when a host node reads an on-chip value, back when a chip node reads
    /// a host value (charged to the host node the value comes from).
    /// </summary>
    private sealed class HostSide(int batch)
    {
        private readonly Dictionary<string, int> _origin = new(StringComparer.Ordinal); // host value → its host node
        private readonly HashSet<string> _crossed = new(StringComparer.Ordinal);

        public Dictionary<int, long> ValuesBack { get; } = [];

        /// <summary>A chip node (an analog layer, or data movement on chip) reads <paramref name="value"/>.</summary>
        public void ReadOnChip(Value? value)
        {
            if (value is { IsConstant: false } && _origin.TryGetValue(value.Name, out int origin) && _crossed.Add(value.Name))
            {
                ValuesBack[origin] = ValuesBack.GetValueOrDefault(origin) + PerImage(value);
            }
        }

        /// <summary>Places digital node <paramref name="index"/>; returns the on-chip values it sends up.</summary>
        public long Node(Node node, int index, bool computes)
        {
            var inputs = node.Inputs.Where(i => i is { IsConstant: false }).Select(i => i!).ToList();
            bool onHost = computes || (inputs.Count > 0 && _origin.ContainsKey(inputs[0].Name));
            long up = 0;
            foreach (var input in inputs)
            {
                if (!onHost)
                {
                    ReadOnChip(input);
                }
                else if (!_origin.ContainsKey(input.Name) && _crossed.Add(input.Name))
                {
                    up += PerImage(input);
                }
            }

            if (onHost)
            {
                int origin = computes || inputs.Count == 0 ? index : _origin[inputs[0].Name];
                foreach (var output in node.Outputs)
                {
                    _origin[output.Name] = origin;
                }
            }

            return up;
        }

        private long PerImage(Value value) => value.Shape is { } shape ? shape.ElementCount / batch : 0;
    }

    /// <summary>
    /// True for a digital node whose every output row depends on every input row: a Conv, Gemm or MatMul whose two
    /// operands are both activations (attention's Q·Kᵀ and probabilities·V) and a global pool.
    /// </summary>
    private static bool MixesRows(Node node) =>
        node.OpType is "GlobalAveragePool" or "GlobalMaxPool"
        || (node.OpType is "MatMul" or "Gemm" or "Conv" && node.Inputs.Count > 1 && node.Inputs[0] is { IsConstant: false } && node.Inputs[1] is { IsConstant: false });

    private static SortedSet<int> Upstream(Dictionary<string, SortedSet<int>> frontier, Value? value) =>
        value is null || value.IsConstant || !frontier.TryGetValue(value.Name, out var set) ? [] : set;
}
