using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// Event-driven simulation of streaming inference over a <see cref="ChipMapping"/>. Resources: each layer's tiles (busy
/// ceil(MVMs / replicas) × MVM interval per image), each core's digital units (the layer's accumulate, activation and
/// pooling ops split over its cores by tile share, the slowest unit setting the time) and each directed mesh link
/// (busy bits / bandwidth per message). Every resource serves requests first come, first served in time order.
/// An image enters a layer when all its inputs have arrived; the layer's result is ready when both its MVMs
/// (first input to last conversion) and its digital work are done; messages then cross the mesh hop by hop with
/// cut-through routing (each hop requested one hop latency after the previous one started); a layer's own scatter and
/// gather messages travel while its tiles compute and must arrive before its result is ready. Granularity is one image
/// per layer: a layer does not start on an image before the previous layer has finished it.
/// </summary>
public static class DataflowSimulator
{
    private enum Kind : byte
    {
        LayerReady,
        LayerStart,
        ComputeDone,
        LayerDone,
        Hop,
        Arrive,
    }

    /// <summary>Simulates <paramref name="batch"/> images, all ready at time 0.</summary>
    public static DataflowTiming Simulate(ChipMapping mapping, int batch)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return SimulateCore(mapping, LayerWorkload.Of(mapping), batch);
    }

    internal static DataflowTiming SimulateCore(ChipMapping mapping, LayerWorkload[] work, int batch)
    {
        var spec = mapping.Spec;
        int layers = work.Length, cores = spec.Cores.Count;
        int linkBase = layers + cores;
        var res = new Resources(linkBase + (spec.Cores.MeshRows * spec.Cores.MeshCols * 4));
        var flows = mapping.Flows;
        var routes = new int[flows.Count][];
        var outFlows = new List<int>[layers];
        var intraFlows = new List<int>[layers];
        var inCount = new int[layers];
        for (int l = 0; l < layers; l++)
        {
            outFlows[l] = [];
            intraFlows[l] = [];
        }

        for (int f = 0; f < flows.Count; f++)
        {
            routes[f] = MeshGeometry.Route(spec.Cores, flows[f].SourceCore, flows[f].DestinationCore);
            if (flows[f].From == flows[f].To)
            {
                intraFlows[flows[f].From].Add(f);
            }
            else
            {
                outFlows[flows[f].From].Add(f);
                inCount[flows[f].To]++;
            }
        }

        var digitalNs = new double[layers][];
        for (int l = 0; l < layers; l++)
        {
            var shares = work[l].Layer.Cores;
            digitalNs[l] = new double[shares.Count];
            for (int s = 0; s < shares.Count; s++)
            {
                digitalNs[l][s] = work[l].DigitalNs(spec.Core.Digital, shares[s].Tiles);
            }
        }

        var pending = new int[layers * batch];
        var waiting = new int[layers * batch];
        var doneAt = new double[layers * batch];
        var queue = new PriorityQueue<(Kind Kind, int A, int B, int Image), (double, long)>();
        long seq = 0;
        for (int img = 0; img < batch; img++)
        {
            for (int l = 0; l < layers; l++)
            {
                pending[(l * batch) + img] = inCount[l];
                if (inCount[l] == 0)
                {
                    queue.Enqueue((Kind.LayerReady, l, 0, img), (0, seq++));
                }
            }
        }

        double noc = spec.Noc.LinkBandwidthGbps, hopNs = spec.Noc.HopLatencyNs;
        var imageDone = new double[batch];
        long events = 0;
        while (queue.TryDequeue(out var e, out var key))
        {
            double t = key.Item1;
            events++;
            switch (e.Kind)
            {
                case Kind.LayerReady:
                    {
                        double start = res.Acquire(e.A, t, work[e.A].OccupancyNs);
                        queue.Enqueue((Kind.LayerStart, e.A, 0, e.Image), (start, seq++));
                        break;
                    }

                case Kind.LayerStart:
                    {
                        double end = t + work[e.A].AnalogLatencyNs;
                        var shares = work[e.A].Layer.Cores;
                        for (int s = 0; s < shares.Count; s++)
                        {
                            double d = digitalNs[e.A][s];
                            end = Math.Max(end, res.Acquire(layers + shares[s].Core, t, d) + d);
                        }

                        // The layer's scatter and gather messages cross the mesh while its tiles compute.
                        waiting[(e.A * batch) + e.Image] = 1 + intraFlows[e.A].Count;
                        queue.Enqueue((Kind.ComputeDone, e.A, 0, e.Image), (end, seq++));
                        foreach (int f in intraFlows[e.A])
                        {
                            queue.Enqueue(routes[f].Length == 0 ? (Kind.Arrive, f, 0, e.Image) : (Kind.Hop, f, 0, e.Image), (t, seq++));
                        }

                        break;
                    }

                case Kind.ComputeDone:
                    if (--waiting[(e.A * batch) + e.Image] == 0)
                    {
                        queue.Enqueue((Kind.LayerDone, e.A, 0, e.Image), (t, seq++));
                    }

                    break;

                case Kind.LayerDone:
                    doneAt[(e.A * batch) + e.Image] = t;
                    if (outFlows[e.A].Count == 0)
                    {
                        imageDone[e.Image] = Math.Max(imageDone[e.Image], t);
                    }

                    foreach (int f in outFlows[e.A])
                    {
                        queue.Enqueue(routes[f].Length == 0 ? (Kind.Arrive, f, 0, e.Image) : (Kind.Hop, f, 0, e.Image), (t, seq++));
                    }

                    break;
                case Kind.Hop:
                    {
                        double serial = flows[e.A].BitsPerImage / noc;
                        double start = res.Acquire(linkBase + routes[e.A][e.B], t, serial);
                        bool last = e.B == routes[e.A].Length - 1;
                        queue.Enqueue(last ? (Kind.Arrive, e.A, 0, e.Image) : (Kind.Hop, e.A, e.B + 1, e.Image), (start + hopNs + (last ? serial : 0), seq++));
                        break;
                    }

                case Kind.Arrive:
                    {
                        int to = flows[e.A].To;
                        if (flows[e.A].From == to)
                        {
                            if (--waiting[(to * batch) + e.Image] == 0)
                            {
                                queue.Enqueue((Kind.LayerDone, to, 0, e.Image), (t, seq++));
                            }
                        }
                        else if (--pending[(to * batch) + e.Image] == 0)
                        {
                            queue.Enqueue((Kind.LayerReady, to, 0, e.Image), (t, seq++));
                        }

                        break;
                    }
            }
        }

        double makespan = imageDone.Max();
        return Summarise(mapping, work, res, batch, imageDone[0], makespan, events);
    }

    private static DataflowTiming Summarise(ChipMapping mapping, LayerWorkload[] work, Resources res, int batch, double latency, double makespan, long events)
    {
        int layers = work.Length, cores = mapping.Spec.Cores.Count, linkBase = layers + cores;
        int worst = 0;
        for (int r = 1; r < res.Busy.Length; r++)
        {
            if (res.Busy[r] > res.Busy[worst])
            {
                worst = r;
            }
        }

        var tileBusy = new double[cores];
        foreach (var w in work)
        {
            foreach (var s in w.Layer.Cores)
            {
                tileBusy[s.Core] += s.Tiles * w.OccupancyNs * batch;
            }
        }

        int perCore = mapping.Spec.Core.Tiles.Count;
        var busy = new CoreBusy[cores];
        for (int c = 0; c < cores; c++)
        {
            busy[c] = new CoreBusy(c, tileBusy[c] / (perCore * makespan), res.Busy[layers + c] / makespan);
        }

        return new DataflowTiming(batch, latency, makespan, res.Busy[worst] / batch, ResourceName(mapping, worst, linkBase), busy, events);
    }

    /// <summary>The name reports give resource <paramref name="r"/> (layer tiles, then core digital units, then links).</summary>
    internal static string ResourceName(ChipMapping mapping, int r, int linkBase)
    {
        int layers = mapping.Layers.Count;
        if (r < layers)
        {
            return $"layer {r} tiles: {mapping.Layers[r].Shape.Description}";
        }

        if (r < linkBase)
        {
            return $"core {r - layers} digital units";
        }

        int link = r - linkBase;
        string[] dirs = ["east", "west", "south", "north"];
        return $"mesh link from core {link / 4} {dirs[link % 4]}";
    }

    private sealed class Resources(int count)
    {
        public double[] FreeAt { get; } = new double[count];

        public double[] Busy { get; } = new double[count];

        /// <summary>Serves a request of <paramref name="duration"/> made at <paramref name="t"/>; returns its start.</summary>
        public double Acquire(int r, double t, double duration)
        {
            double start = Math.Max(t, FreeAt[r]);
            FreeAt[r] = start + duration;
            Busy[r] += duration;
            return start;
        }
    }
}
