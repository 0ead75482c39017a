using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// Event-driven simulation of streaming inference over a <see cref="ChipMapping"/> or a <see cref="SystemMapping"/>.
/// Resources: each layer's tiles (busy ceil(MVMs / replicas) × MVM interval per image), each core's digital units (the
/// layer's accumulate, activation and pooling ops split over its cores by tile share, the slowest unit setting the
/// time), each directed mesh link (busy bits / bandwidth per message) and, in a system, each directed chip link (busy
/// bits / link bandwidth; <see cref="TimingGraph"/> gives the routes). Every resource serves requests first come, first served in time order.
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
    public static DataflowTiming Simulate(ChipMapping mapping, int batch, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return SimulateCore(TimingGraph.Of(mapping, LayerWorkload.Of(mapping)), batch, options ?? SimulationOptions.Default);
    }

    /// <summary>Simulates <paramref name="batch"/> images through a system of chips, all ready at time 0.</summary>
    public static DataflowTiming Simulate(SystemMapping system, int batch, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return SimulateCore(TimingGraph.Of(system, [.. system.Chips.Select(LayerWorkload.Of)]), batch, options ?? SimulationOptions.Default);
    }

    internal static DataflowTiming SimulateCore(TimingGraph graph, int batch, SimulationOptions options)
    {
        var work = graph.Work;
        int layers = work.Length;
        var res = new Resources(graph.ResourceCount, options.RecordTrace);
        var flows = graph.Flows;
        var outFlows = new List<int>[layers];
        var intraFlows = new List<int>[layers];
        var inCount = new int[layers];
        for (int l = 0; l < layers; l++)
        {
            outFlows[l] = [];
            intraFlows[l] = [];
        }

        for (int f = 0; f < flows.Length; f++)
        {
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

        var digital = graph.Digital;
        var pending = new int[layers * batch];
        var waiting = new int[layers * batch];
        var queue = new PriorityQueue<(Kind Kind, int A, int B, int Image, double Tail), (double, long)>();
        long seq = 0;
        for (int img = 0; img < batch; img++)
        {
            for (int l = 0; l < layers; l++)
            {
                pending[(l * batch) + img] = inCount[l];
                if (inCount[l] == 0)
                {
                    queue.Enqueue((Kind.LayerReady, l, 0, img, 0), (0, seq++));
                }
            }
        }

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
                        double start = res.Acquire(e.A, t, work[e.A].OccupancyNs, e.Image, 0);
                        queue.Enqueue((Kind.LayerStart, e.A, 0, e.Image, 0), (start, seq++));
                        break;
                    }

                case Kind.LayerStart:
                    {
                        double end = t + work[e.A].AnalogLatencyNs;
                        foreach (var (r, d) in digital[e.A])
                        {
                            end = Math.Max(end, res.Acquire(r, t, d, e.Image, 0) + d);
                        }

                        // The layer's scatter and gather messages cross the mesh while its tiles compute.
                        waiting[(e.A * batch) + e.Image] = 1 + intraFlows[e.A].Count;
                        queue.Enqueue((Kind.ComputeDone, e.A, 0, e.Image, 0), (end, seq++));
                        foreach (int f in intraFlows[e.A])
                        {
                            queue.Enqueue(flows[f].Hops.Length == 0 ? (Kind.Arrive, f, 0, e.Image, 0) : (Kind.Hop, f, 0, e.Image, t), (t, seq++));
                        }

                        break;
                    }

                case Kind.ComputeDone:
                    if (--waiting[(e.A * batch) + e.Image] == 0)
                    {
                        queue.Enqueue((Kind.LayerDone, e.A, 0, e.Image, 0), (t, seq++));
                    }

                    break;

                case Kind.LayerDone:
                    if (outFlows[e.A].Count == 0)
                    {
                        imageDone[e.Image] = Math.Max(imageDone[e.Image], t);
                    }

                    foreach (int f in outFlows[e.A])
                    {
                        queue.Enqueue(flows[f].Hops.Length == 0 ? (Kind.Arrive, f, 0, e.Image, 0) : (Kind.Hop, f, 0, e.Image, t), (t, seq++));
                    }

                    break;
                case Kind.Hop:
                    {
                        var flow = flows[e.A];
                        var hop = flow.Hops[e.B];
                        double start = res.Acquire(hop.Resource, t, hop.SerialNs, e.Image, 0);
                        bool last = e.B == flow.Hops.Length - 1;
                        if (flow.Uniform)
                        {
                            queue.Enqueue(last ? (Kind.Arrive, e.A, 0, e.Image, 0) : (Kind.Hop, e.A, e.B + 1, e.Image, 0), (start + hop.LatencyNs + (last ? hop.SerialNs : 0), seq++));
                        }
                        else
                        {
                            // Cut-through over links of different speeds: the tail enters this hop one serialisation
                            // after the head, but not before it has crossed the previous hop; it is through this hop
                            // one latency later. Without contention the message arrives Σ latencies + the slowest
                            // hop's serialisation after it left, as the closed form has it.
                            double tail = Math.Max(start + hop.SerialNs, e.Tail) + hop.LatencyNs;
                            queue.Enqueue(last ? (Kind.Arrive, e.A, 0, e.Image, 0) : (Kind.Hop, e.A, e.B + 1, e.Image, tail), (last ? tail : start + hop.LatencyNs, seq++));
                        }

                        break;
                    }

                case Kind.Arrive:
                    {
                        int to = flows[e.A].To;
                        if (flows[e.A].From == to)
                        {
                            if (--waiting[(to * batch) + e.Image] == 0)
                            {
                                queue.Enqueue((Kind.LayerDone, to, 0, e.Image, 0), (t, seq++));
                            }
                        }
                        else if (--pending[(to * batch) + e.Image] == 0)
                        {
                            queue.Enqueue((Kind.LayerReady, to, 0, e.Image, 0), (t, seq++));
                        }

                        break;
                    }
            }
        }

        double makespan = imageDone.Max();
        var timing = Summarise(graph, res.Busy, batch, imageDone[0], makespan, res.Busy.Max() / batch, events, busyIsPerBatch: true);
        return res.Trace is null ? timing : timing with { Trace = TraceOf(graph, res) };
    }

    private static BusyTrace TraceOf(TimingGraph graph, Resources res)
    {
        var resources = new TimingResource[graph.ResourceCount];
        for (int r = 0; r < resources.Length; r++)
        {
            resources[r] = new TimingResource(graph.ResourceName(r), graph.KindOf(r), graph.ChipOf(r), res.Busy[r]);
        }

        return new BusyTrace(resources, res.Trace!, Busiest(res.Busy));
    }

    /// <summary>The index of the busiest resource (the first on a tie).</summary>
    internal static int Busiest(double[] busy)
    {
        int worst = 0;
        for (int r = 1; r < busy.Length; r++)
        {
            if (busy[r] > busy[worst])
            {
                worst = r;
            }
        }

        return worst;
    }

    /// <summary>The timing record: the busiest resource, and each core's tile and digital busy fractions.</summary>
    internal static DataflowTiming Summarise(TimingGraph graph, double[] busy, int batch, double latency, double makespan, double interval, long events, bool busyIsPerBatch)
    {
        int worst = Busiest(busy);

        var tileBusy = new double[graph.Cores.Length];
        var index = new Dictionary<(int Chip, int Core), int>();
        for (int i = 0; i < graph.Cores.Length; i++)
        {
            index[(graph.Cores[i].Chip, graph.Cores[i].Core)] = i;
        }

        for (int l = 0; l < graph.Work.Length; l++)
        {
            var w = graph.Work[l];
            int chip = graph.ChipOfLayer[l];
            foreach (var s in w.Layer.Cores)
            {
                tileBusy[index[(chip, s.Core)]] += s.Tiles * w.OccupancyNs * batch;
            }
        }

        var cores = new CoreBusy[graph.Cores.Length];
        for (int i = 0; i < cores.Length; i++)
        {
            var c = graph.Cores[i];
            double digital = busyIsPerBatch ? busy[c.DigitalResource] / makespan : busy[c.DigitalResource] * batch / makespan;
            cores[i] = new CoreBusy(c.Core, tileBusy[i] / (c.Tiles * makespan), digital, c.Chip);
        }

        return new DataflowTiming(batch, latency, makespan, interval, graph.ResourceName(worst), cores, events);
    }

    private sealed class Resources(int count, bool trace)
    {
        public double[] FreeAt { get; } = new double[count];

        public double[] Busy { get; } = new double[count];

        /// <summary>Every busy interval granted, when tracing.</summary>
        public List<BusyInterval>? Trace { get; } = trace ? [] : null;

        /// <summary>Serves a request of <paramref name="duration"/> made at <paramref name="t"/> for a unit of an image; returns its start.</summary>
        public double Acquire(int r, double t, double duration, int image, int unit)
        {
            double start = Math.Max(t, FreeAt[r]);
            FreeAt[r] = start + duration;
            Busy[r] += duration;
            if (Trace is not null && duration > 0)
            {
                Trace.Add(new BusyInterval(r, start, start + duration, image, unit));
            }

            return start;
        }
    }
}
