using System.Globalization;
using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>One resource a message holds on its way: a mesh link or a chip link, for its serialisation time.</summary>
/// <param name="Resource">Resource index.</param>
/// <param name="SerialNs">Time the message occupies it (bits / bandwidth).</param>
/// <param name="LatencyNs">Time from entering it to reaching the next resource.</param>
internal readonly record struct TimingHop(int Resource, double SerialNs, double LatencyNs);

/// <summary>A message per image from layer <see cref="From"/> to layer <see cref="To"/> (equal: the layer's own scatter or gather).</summary>
/// <param name="From">Producing layer (global index).</param>
/// <param name="To">Consuming layer.</param>
/// <param name="Hops">Resources in route order; empty when both ends share a core.</param>
/// <param name="LatencyNs">Σ hop latencies without contention.</param>
/// <param name="SerialNs">The slowest hop's serialisation time.</param>
/// <param name="Uniform">
/// True when every hop has the same bandwidth and latency (a message inside one chip's mesh): its tail leaves the last
/// hop one serialisation after its head entered it. Otherwise (a route across chip links) the tail is tracked hop by hop.
/// </param>
/// <param name="PartialSums">True for a split layer's partial sums to the part that adds them (row u feeds row u).</param>
internal sealed record TimingFlow(int From, int To, TimingHop[] Hops, double LatencyNs, double SerialNs, bool Uniform, bool PartialSums = false);

/// <summary>A core whose busy fractions the timing reports.</summary>
/// <param name="Chip">Chip index.</param>
/// <param name="Core">Core index on its chip.</param>
/// <param name="DigitalResource">Resource index of its digital units.</param>
/// <param name="Tiles">Tiles it has.</param>
internal readonly record struct TimingCore(int Chip, int Core, int DigitalResource, int Tiles);

/// <summary>
/// What the simulator and the closed form time: layers (each its tiles as one resource, in topological order), the
/// resources each layer's digital work holds, and messages over mesh and chip links. One chip gives the resources of
/// issue 5: layers, then cores' digital units, then mesh links (core × 4 + direction). A system of chips concatenates the
/// chips' layers (stages are in topological order), then every chip's cores, then every chip's mesh links, then the chip
/// links; a flow between chips crosses the source chip's mesh from the producing layer's home core (the one with most of
/// its tiles) to the chip's I/O core, the chip links of its route, then the destination's mesh from its I/O core to the
/// consumer's home core. The I/O core is core 0 of every chip (a corner of the mesh, where the link PHYs are assumed to sit).
/// A replicated layer at either end of such a flow gathers its copies' outputs to, or sends its copies their inputs from,
/// its home core over its chip's mesh (<see cref="ReplicaLegs"/>).
/// </summary>
internal sealed class TimingGraph
{
    /// <summary>The core of every chip through which its chip links enter and leave.</summary>
    public const int IoCore = 0;

    private readonly int _meshBase;
    private readonly int _chipLinkBase;
    private readonly int _coresPerChip;
    private readonly int _meshLinksPerChip;

    private int _hostBase = int.MaxValue;

    private TimingGraph(LayerWorkload[] work, int[] chipOfLayer, (int Resource, double Ns)[][] digital, TimingFlow[] flows, int resources, TimingCore[] cores, Func<int, string> name, int coresPerChip, int meshLinksPerChip)
    {
        DigitalLatencyNs = new double[work.Length];
        _coresPerChip = coresPerChip;
        _meshLinksPerChip = meshLinksPerChip;
        _meshBase = work.Length + cores.Length;
        _chipLinkBase = _meshBase + (cores.Length / _coresPerChip * meshLinksPerChip);
        Work = work;
        ChipOfLayer = chipOfLayer;
        Digital = digital;
        Flows = flows;
        ResourceCount = resources;
        Cores = cores;
        ResourceName = name;
    }

    /// <summary>Per layer (global index) its workload.</summary>
    public LayerWorkload[] Work { get; }

    /// <summary>Per layer (global index) its chip.</summary>
    public int[] ChipOfLayer { get; }

    /// <summary>Per layer, the digital resources it holds and for how long per image.</summary>
    public (int Resource, double Ns)[][] Digital { get; private set; }

    /// <summary>
    /// Per layer, the time its digital work adds after its digital resources are done: with digital work on a host, the
    /// host link's latency and the mesh hops to and from the I/O core, each way that carries data (0 on chip).
    /// </summary>
    public double[] DigitalLatencyNs { get; private set; }

    /// <summary>Every message per image.</summary>
    public TimingFlow[] Flows { get; }

    /// <summary>Resources in all.</summary>
    public int ResourceCount { get; private set; }

    /// <summary>Every core, chip by chip.</summary>
    public TimingCore[] Cores { get; }

    /// <summary>The replica legs of a system of chips (<see cref="ReplicaLegs"/>), as the graph's flows carry them; empty for one chip.</summary>
    public IReadOnlyList<(int Chip, TrafficFlow Leg)> Legs { get; private init; } = [];

    /// <summary>The name reports give a resource.</summary>
    public Func<int, string> ResourceName { get; private set; }

    /// <summary>What resource <paramref name="r"/> is.</summary>
    public TimingResourceKind KindOf(int r) =>
        r >= _hostBase ? (r == _hostBase ? TimingResourceKind.Host : TimingResourceKind.HostLink)
        : r < Work.Length ? TimingResourceKind.LayerTiles
        : r < _meshBase ? TimingResourceKind.DigitalUnits
        : r < _chipLinkBase ? TimingResourceKind.MeshLink
        : TimingResourceKind.ChipLink;

    /// <summary>The chip resource <paramref name="r"/> belongs to (−1 for a chip link).</summary>
    public int ChipOf(int r) =>
        r >= _hostBase ? -1
        : r < Work.Length ? ChipOfLayer[r]
        : r < _meshBase ? (r - Work.Length) / _coresPerChip
        : r < _chipLinkBase ? (r - _meshBase) / _meshLinksPerChip
        : -1;

    /// <summary>The graph of one chip.</summary>
    public static TimingGraph Of(ChipMapping mapping, LayerWorkload[] work)
    {
        var spec = mapping.Spec;
        int layers = work.Length, cores = spec.Cores.Count, linkBase = layers + cores;
        var digital = DigitalShares(work, spec.Core.Digital, layers);
        var flows = mapping.Flows.Select(f => MeshFlow(mapping, f, 0, linkBase)).ToArray();
        var timingCores = Enumerable.Range(0, cores).Select(c => new TimingCore(0, c, layers + c, spec.Core.Tiles.Count)).ToArray();
        var graph = new TimingGraph(work, new int[layers], digital, flows, linkBase + (spec.Cores.MeshRows * spec.Cores.MeshCols * 4), timingCores, r => ChipResourceName(mapping, r, linkBase, ""), cores, spec.Cores.MeshRows * spec.Cores.MeshCols * 4);
        graph.AddHost(spec, linkBase);
        return graph;
    }

    /// <summary>The graph of a system of chips (one chip: <see cref="Of(ChipMapping, LayerWorkload[])"/>).</summary>
    public static TimingGraph Of(SystemMapping system, LayerWorkload[][] work)
    {
        if (system.ChipCount == 1)
        {
            return Of(system.Chips[0], work[0]);
        }

        var spec = system.Spec;
        int chips = system.ChipCount, cores = spec.Cores.Count, meshLinks = spec.Cores.MeshRows * spec.Cores.MeshCols * 4;
        var layerBase = new int[chips + 1];
        for (int c = 0; c < chips; c++)
        {
            layerBase[c + 1] = layerBase[c] + work[c].Length;
        }

        int layers = layerBase[chips], coreBase = layers, meshBase = coreBase + (chips * cores), chipLinkBase = meshBase + (chips * meshLinks);
        var allWork = work.SelectMany(w => w).ToArray();
        var digital = new (int, double)[layers][];
        var flows = new List<TimingFlow>(system.Chips.Sum(c => c.Flows.Count) + system.Flows.Count);
        for (int c = 0; c < chips; c++)
        {
            var d = DigitalShares(work[c], spec.Core.Digital, coreBase + (c * cores));
            Array.Copy(d, 0, digital, layerBase[c], d.Length);
            foreach (var f in system.Chips[c].Flows)
            {
                flows.Add(MeshFlow(system.Chips[c], f, layerBase[c], meshBase + (c * meshLinks)));
            }
        }

        var link = spec.System!.Link;
        var hops = new List<TimingHop>();
        foreach (var f in system.Flows)
        {
            int from = system.LocalLayerOfPart[f.FromPart], to = system.LocalLayerOfPart[f.ToPart];
            hops.Clear();
            double meshSerial = f.BitsPerImage / spec.Noc.LinkBandwidthGbps, linkSerial = f.BitsPerImage / link.BandwidthGbps;
            foreach (int l in MeshGeometry.Route(spec.Cores, Home(system.Chips[f.FromChip].Layers[from]), IoCore))
            {
                hops.Add(new TimingHop(meshBase + (f.FromChip * meshLinks) + l, meshSerial, spec.Noc.HopLatencyNs));
            }

            foreach (int l in f.Links)
            {
                hops.Add(new TimingHop(chipLinkBase + l, linkSerial, link.LatencyNs));
            }

            foreach (int l in MeshGeometry.Route(spec.Cores, IoCore, Home(system.Chips[f.ToChip].Layers[to])))
            {
                hops.Add(new TimingHop(meshBase + (f.ToChip * meshLinks) + l, meshSerial, spec.Noc.HopLatencyNs));
            }

            flows.Add(new TimingFlow(layerBase[f.FromChip] + from, layerBase[f.ToChip] + to, [.. hops], hops.Sum(h => h.LatencyNs), hops.Max(h => h.SerialNs), Uniform: false, f.Kind == ChipLinkFlowKind.PartialSums));
        }

        var legs = ReplicaLegs(system).ToArray();
        foreach (var (chip, leg) in legs)
        {
            flows.Add(MeshFlow(system.Chips[chip], leg, layerBase[chip], meshBase + (chip * meshLinks)));
        }

        var timingCores = new TimingCore[chips * cores];
        for (int c = 0; c < chips; c++)
        {
            for (int k = 0; k < cores; k++)
            {
                timingCores[(c * cores) + k] = new TimingCore(c, k, coreBase + (c * cores) + k, spec.Core.Tiles.Count);
            }
        }

        string Name(int r)
        {
            if (r >= chipLinkBase)
            {
                return system.Topology.LinkName(r - chipLinkBase);
            }

            int chip = r < coreBase ? Array.FindLastIndex(layerBase, b => b <= r) : r < meshBase ? (r - coreBase) / cores : (r - meshBase) / meshLinks;
            int local = r < coreBase ? r - layerBase[chip] : r < meshBase ? work[chip].Length + ((r - coreBase) % cores) : work[chip].Length + cores + ((r - meshBase) % meshLinks);
            return ChipResourceName(system.Chips[chip], local, work[chip].Length + cores, string.Create(CultureInfo.InvariantCulture, $"chip {chip} "));
        }

        var graph = new TimingGraph(allWork, [.. Enumerable.Range(0, chips).SelectMany(c => Enumerable.Repeat(c, work[c].Length))], digital, [.. flows], chipLinkBase + system.Topology.LinkCount, timingCores, Name, cores, meshLinks) { Legs = legs };
        graph.AddHost(spec, meshBase);
        return graph;
    }

    /// <summary>
    /// With digital work on a host (<see cref="Chip.Hardware.SystemSpec.DigitalOnHost"/>), adds the host processor and the
    /// two directions of its link as resources; a layer with host work holds the processor for its ops, the link to the
    /// host for the values it sends up and the link back for the values that return, and the mesh links between its home
    /// core and its chip's I/O core for the same bits (all while its tiles work, row group by row group); then waits the
    /// latencies of the ways that carry data. One host link serves every chip (a switch fans it out to each I/O core).
    /// </summary>
    private void AddHost(Chip.Hardware.ChipSpec spec, int meshBase)
    {
        if (spec.System is not { DigitalOnHost: true, Host: { } host })
        {
            return;
        }

        int hostBase = ResourceCount, up = hostBase + 1, down = hostBase + 2;
        int meshLinks = spec.Cores.MeshRows * spec.Cores.MeshCols * 4;
        var digital = Digital.Select(d => d.ToList()).ToArray();
        for (int l = 0; l < Work.Length; l++)
        {
            var w = Work[l];
            if (w.HostOps == 0 && w.HostUpValues == 0 && w.HostDownValues == 0)
            {
                continue;
            }

            int chip = ChipOfLayer[l], home = Home(w.Layer);
            int linkBase = meshBase + (chip * meshLinks);
            double upBits = w.HostUpValues * spec.Core.OutputBits, downBits = w.HostDownValues * spec.Core.Input.Bits;
            digital[l].Add((hostBase, w.HostOps / host.ThroughputGops));
            double latency = 0;
            if (upBits > 0)
            {
                var route = MeshGeometry.Route(spec.Cores, home, IoCore);
                digital[l].Add((up, upBits / host.Link.BandwidthGbps));
                digital[l].AddRange(route.Select(link => (linkBase + link, upBits / spec.Noc.LinkBandwidthGbps)));
                latency += host.Link.LatencyNs + (route.Length * spec.Noc.HopLatencyNs);
            }

            if (downBits > 0)
            {
                var route = MeshGeometry.Route(spec.Cores, IoCore, home);
                digital[l].Add((down, downBits / host.Link.BandwidthGbps));
                digital[l].AddRange(route.Select(link => (linkBase + link, downBits / spec.Noc.LinkBandwidthGbps)));
                latency += host.Link.LatencyNs + (route.Length * spec.Noc.HopLatencyNs);
            }

            DigitalLatencyNs[l] = latency;
        }

        Digital = [.. digital.Select(d => d.ToArray())];
        _hostBase = hostBase;
        var chipName = ResourceName;
        ResourceName = r => r == hostBase ? "host" : r == up ? "host link to host" : r == down ? "host link from host" : chipName(r);
        ResourceCount = hostBase + 3;
    }

    /// <summary>
    /// The mesh messages per image on each chip between a replicated layer's home core, where messages from other chips
    /// end and messages to them start, and its copies on other cores (<see cref="ReplicaTraffic.Distribution"/>): layer
    /// indices are the chip's own. They are the layer's own scatter and gather (From = To).
    /// </summary>
    public static IEnumerable<(int Chip, TrafficFlow Leg)> ReplicaLegs(SystemMapping system)
    {
        var spec = system.Spec;
        foreach (var f in system.Flows)
        {
            bool sums = f.Kind == ChipLinkFlowKind.PartialSums;
            int from = system.LocalLayerOfPart[f.FromPart], to = system.LocalLayerOfPart[f.ToPart];
            var producer = system.Chips[f.FromChip].Layers[from];
            foreach (var leg in ReplicaTraffic.Distribution(spec, from, producer, Home(producer), f.BitsPerImage, inbound: false, sums))
            {
                yield return (f.FromChip, leg);
            }

            var consumer = system.Chips[f.ToChip].Layers[to];
            foreach (var leg in ReplicaTraffic.Distribution(spec, to, consumer, Home(consumer), f.BitsPerImage, inbound: true, sums))
            {
                yield return (f.ToChip, leg);
            }
        }
    }

    /// <summary>The core holding most of <paramref name="layer"/>'s tiles (the first such in placement order).</summary>
    public static int Home(LayerMapping layer)
    {
        var best = layer.Cores[0];
        foreach (var s in layer.Cores)
        {
            if (s.Tiles > best.Tiles)
            {
                best = s;
            }
        }

        return best.Core;
    }

    private static (int, double)[][] DigitalShares(LayerWorkload[] work, Chip.Hardware.DigitalSpec units, int coreBase)
    {
        var digital = new (int, double)[work.Length][];
        for (int l = 0; l < work.Length; l++)
        {
            var shares = work[l].Layer.Cores;
            digital[l] = new (int, double)[shares.Count];
            for (int s = 0; s < shares.Count; s++)
            {
                digital[l][s] = (coreBase + shares[s].Core, work[l].DigitalNs(units, shares[s].Tiles));
            }
        }

        return digital;
    }

    private static TimingFlow MeshFlow(ChipMapping mapping, TrafficFlow f, int layerBase, int linkBase)
    {
        var spec = mapping.Spec;
        double serial = f.BitsPerImage / spec.Noc.LinkBandwidthGbps, hopNs = spec.Noc.HopLatencyNs;
        int count = MeshGeometry.Hops(spec.Cores, f.SourceCore, f.DestinationCore);
        Span<int> route = count <= 256 ? stackalloc int[count] : new int[count];
        MeshGeometry.Route(spec.Cores, f.SourceCore, f.DestinationCore, route);
        var hops = new TimingHop[count];
        for (int i = 0; i < count; i++)
        {
            hops[i] = new TimingHop(linkBase + route[i], serial, hopNs);
        }

        return new TimingFlow(layerBase + f.From, layerBase + f.To, hops, f.Hops * spec.Noc.HopLatencyNs, serial, Uniform: true);
    }

    /// <summary>The name of resource <paramref name="r"/> of one chip (layer tiles, then core digital units, then links).</summary>
    private static string ChipResourceName(ChipMapping mapping, int r, int linkBase, string prefix)
    {
        int layers = mapping.Layers.Count;
        if (r < layers)
        {
            return $"{prefix}layer {r} tiles: {mapping.Layers[r].Shape.Description}";
        }

        if (r < linkBase)
        {
            return $"{prefix}core {r - layers} digital units";
        }

        int link = r - linkBase;
        string[] dirs = ["east", "west", "south", "north"];
        return $"{prefix}mesh link from core {link / 4} {dirs[link % 4]}";
    }
}
