using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// Event-driven simulation of streaming inference over a <see cref="ChipMapping"/> or a <see cref="SystemMapping"/>.
/// Resources: each layer's tiles (busy ceil(MVMs / replicas) × MVM interval per image), each core's digital units (the
/// layer's accumulate, activation and pooling ops split over its cores by tile share, the slowest unit setting the
/// time), each directed mesh link (busy bits / bandwidth per message) and, in a system, each directed chip link (busy
/// bits / link bandwidth; <see cref="TimingGraph"/> gives the routes). Every resource serves requests first come, first served in time order.
/// Pipelined (the default), each layer streams an image in row groups (<see cref="PipelineUnits"/>: a convolution's output
/// rows, a token-wise layer's tokens, at most 16 groups per layer; one unit for any other layer), each holding its
/// share of the layer's resources; a group enters a layer when the producer groups its window needs have arrived over
/// every incoming message, and per image (<see cref="SimulationOptions.PerImage"/>) a layer waits for the whole image.
/// A unit's result is ready when both its MVMs (first input to last conversion) and its digital work are done; messages
/// then cross the mesh hop by hop with cut-through routing (each hop requested one hop latency after the previous one
/// started); a layer's own scatter and gather messages travel while its tiles compute and must arrive before its
/// result is ready.
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

    internal static DataflowTiming SimulateCore(TimingGraph graph, int batch, SimulationOptions options) =>
        SimulateCore(graph, PipelineUnits.Of(graph, options.PerImage), batch, options);

    /// <summary>Simulates <paramref name="graph"/> streamed in <paramref name="units"/> (<see cref="PipelineUnits.Of"/> of it).</summary>
    internal static DataflowTiming SimulateCore(TimingGraph graph, PipelineUnits units, int batch, SimulationOptions options)
    {
        var run = Run(graph, units, batch, options.RecordTrace, out var res);
        var timing = Summarise(graph, units, batch, options, run);
        return res.Trace is null ? timing : timing with { Trace = TraceOf(graph, res) };
    }

    /// <summary>The timing record of a simulated run (which may be another graph's with the same simulation inputs, <see cref="TimingCache"/>).</summary>
    internal static DataflowTiming Summarise(TimingGraph graph, PipelineUnits units, int batch, SimulationOptions options, SimulatedRun run) =>
        Summarise(graph, run.Busy, batch, run.LatencyNs, run.MakespanNs, run.Busy.Max() / batch, run.Events, busyIsPerBatch: true) with { TokensPerImage = units.Tokens, PerImage = options.PerImage };

    /// <summary>The event-driven simulation itself: what every resource was busy for, and when the images were done.</summary>
    internal static SimulatedRun Run(TimingGraph graph, PipelineUnits units, int batch, bool trace, out Resources res)
    {
        var work = graph.Work;
        int layers = work.Length;
        var resources = new Resources(graph.ResourceCount, trace);
        res = resources;
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

        // Index of (layer, unit) and of (flow, producer unit), each then × batch + image.
        var unitBase = new int[layers + 1];
        for (int l = 0; l < layers; l++)
        {
            unitBase[l + 1] = unitBase[l] + units.Count[l];
        }

        var flowUnitBase = new int[flows.Length + 1];
        for (int f = 0; f < flows.Length; f++)
        {
            flowUnitBase[f + 1] = flowUnitBase[f] + (flows[f].From == flows[f].To ? 0 : units.Count[flows[f].From]);
        }

        var digital = graph.Digital;
        var pending = new int[unitBase[layers] * batch];
        var waiting = new int[unitBase[layers] * batch];
        var arrivedPrefix = new int[flows.Length * batch];
        var arrived = new bool[flowUnitBase[flows.Length] * batch];
        var sinkUnitsLeft = new int[batch];
        var queue = new EventQueue<Event>();
        for (int img = 0; img < batch; img++)
        {
            for (int l = 0; l < layers; l++)
            {
                if (outFlows[l].Count == 0)
                {
                    sinkUnitsLeft[img] += units.Count[l];
                }

                for (int u = 0; u < units.Count[l]; u++)
                {
                    pending[((unitBase[l] + u) * batch) + img] = inCount[l];
                    if (inCount[l] == 0)
                    {
                        queue.Enqueue(new Event(Kind.LayerReady, l, 0, img, u, 0), 0);
                    }
                }
            }
        }

        var imageDone = new double[batch];
        long events = 0;
        while (queue.TryDequeue(out var e, out double t))
        {
            events++;
            switch (e.Kind)
            {
                case Kind.LayerReady:
                    {
                        double share = units.Fraction[e.A][e.Unit];
                        double start = resources.Acquire(e.A, t, work[e.A].OccupancyNs * share, e.Image, e.Unit);
                        queue.Enqueue(e with { Kind = Kind.LayerStart }, start);
                        break;
                    }

                case Kind.LayerStart:
                    {
                        double share = units.Fraction[e.A][e.Unit];
                        double end = t + work[e.A].UnitLatencyNs(share), digitalEnd = t;
                        foreach (var (r, d) in digital[e.A])
                        {
                            digitalEnd = Math.Max(digitalEnd, resources.Acquire(r, t, d * share, e.Image, e.Unit) + (d * share));
                        }

                        end = Math.Max(end, digitalEnd + graph.DigitalLatencyNs[e.A]);

                        // The layer's scatter and gather messages cross the mesh while its tiles compute.
                        waiting[((unitBase[e.A] + e.Unit) * batch) + e.Image] = 1 + intraFlows[e.A].Count;
                        queue.Enqueue(e with { Kind = Kind.ComputeDone }, end);
                        foreach (int f in intraFlows[e.A])
                        {
                            queue.Enqueue(Send(f, e.Image, e.Unit, t), t);
                        }

                        break;
                    }

                case Kind.ComputeDone:
                    if (--waiting[((unitBase[e.A] + e.Unit) * batch) + e.Image] == 0)
                    {
                        queue.Enqueue(e with { Kind = Kind.LayerDone }, t);
                    }

                    break;

                case Kind.LayerDone:
                    if (outFlows[e.A].Count == 0)
                    {
                        imageDone[e.Image] = Math.Max(imageDone[e.Image], t);
                        sinkUnitsLeft[e.Image]--;
                    }

                    foreach (int f in outFlows[e.A])
                    {
                        queue.Enqueue(Send(f, e.Image, e.Unit, t), t);
                    }

                    break;
                case Kind.Hop:
                    {
                        var flow = flows[e.A];
                        var hop = flow.Hops[e.B];
                        double serial = hop.SerialNs * units.Fraction[flow.From][e.Unit];
                        double start = resources.Acquire(hop.Resource, t, serial, e.Image, e.Unit);
                        bool last = e.B == flow.Hops.Length - 1;
                        if (flow.Uniform)
                        {
                            queue.Enqueue(last ? e with { Kind = Kind.Arrive, B = 0 } : e with { B = e.B + 1 }, start + hop.LatencyNs + (last ? serial : 0));
                        }
                        else
                        {
                            // Cut-through over links of different speeds: the tail enters this hop one serialisation
                            // after the head, but not before it has crossed the previous hop; it is through this hop
                            // one latency later. Without contention the message arrives Σ latencies + the slowest
                            // hop's serialisation after it left, as the closed form has it.
                            double tail = Math.Max(start + serial, e.Tail) + hop.LatencyNs;
                            queue.Enqueue(last ? e with { Kind = Kind.Arrive, B = 0, Tail = 0 } : e with { B = e.B + 1, Tail = tail }, last ? tail : start + hop.LatencyNs);
                        }

                        break;
                    }

                case Kind.Arrive:
                    {
                        var flow = flows[e.A];
                        int to = flow.To;
                        if (flow.From == to)
                        {
                            if (--waiting[((unitBase[to] + e.Unit) * batch) + e.Image] == 0)
                            {
                                queue.Enqueue(new Event(Kind.LayerDone, to, 0, e.Image, e.Unit, 0), t);
                            }

                            break;
                        }

                        // Units of one message stream may overtake each other under contention; a consumer unit is
                        // released once every producer unit up to the one it needs has arrived.
                        arrived[((flowUnitBase[e.A] + e.Unit) * batch) + e.Image] = true;
                        ref int prefix = ref arrivedPrefix[(e.A * batch) + e.Image];
                        int before = prefix;
                        while (prefix < units.Count[flow.From] && arrived[((flowUnitBase[e.A] + prefix) * batch) + e.Image])
                        {
                            prefix++;
                        }

                        int from = before == 0 ? 0 : units.UpTo[e.A][before - 1];
                        int upTo = prefix == 0 ? 0 : units.UpTo[e.A][prefix - 1];
                        for (int u = from; u < upTo; u++)
                        {
                            if (--pending[((unitBase[to] + u) * batch) + e.Image] == 0)
                            {
                                queue.Enqueue(new Event(Kind.LayerReady, to, 0, e.Image, u, 0), t);
                            }
                        }

                        break;
                    }
            }
        }

        return new SimulatedRun(resources.Busy, imageDone[0], imageDone.Max(), events);

        Event Send(int f, int image, int unit, double t) =>
            flows[f].Hops.Length == 0 ? new Event(Kind.Arrive, f, 0, image, unit, 0) : new Event(Kind.Hop, f, 0, image, unit, t);
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

    private static readonly int KindCount = Enum.GetValues<TimingResourceKind>().Length;

    /// <summary>The timing record: the busiest resource, and each core's tile and digital busy fractions.</summary>
    internal static DataflowTiming Summarise(TimingGraph graph, double[] busy, int batch, double latency, double makespan, double interval, long events, bool busyIsPerBatch)
    {
        int worst = Busiest(busy);

        // Each (chip, core)'s position in graph.Cores, looked up as chip × (largest core + 1) + core.
        var tileBusy = new double[graph.Cores.Length];
        int stride = 1, chips = 1;
        foreach (var c in graph.Cores)
        {
            stride = Math.Max(stride, c.Core + 1);
            chips = Math.Max(chips, c.Chip + 1);
        }

        var index = new int[chips * stride];
        Array.Fill(index, -1);
        for (int i = 0; i < graph.Cores.Length; i++)
        {
            index[(graph.Cores[i].Chip * stride) + graph.Cores[i].Core] = i;
        }

        for (int l = 0; l < graph.Work.Length; l++)
        {
            var w = graph.Work[l];
            int chip = graph.ChipOfLayer[l];
            foreach (var s in w.Layer.Cores)
            {
                tileBusy[index[(chip * stride) + s.Core]] += s.Tiles * w.OccupancyNs * batch;
            }
        }

        var cores = new CoreBusy[graph.Cores.Length];
        for (int i = 0; i < cores.Length; i++)
        {
            var c = graph.Cores[i];
            double digital = busyIsPerBatch ? busy[c.DigitalResource] / makespan : busy[c.DigitalResource] * batch / makespan;
            cores[i] = new CoreBusy(c.Core, tileBusy[i] / (c.Tiles * makespan), digital, c.Chip);
        }

        // Summed per kind in resource order; the dictionary lists the kinds in the order they first appear.
        var sums = new double[KindCount];
        var kinds = new List<TimingResourceKind>(sums.Length);
        for (int r = 0; r < busy.Length; r++)
        {
            var kind = graph.KindOf(r);
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }

            sums[(int)kind] += busyIsPerBatch ? busy[r] : busy[r] * batch;
        }

        var byKind = kinds.ToDictionary(k => k, k => sums[(int)k]);

        return new DataflowTiming(batch, latency, makespan, interval, graph.ResourceName(worst), cores, events) { BusyNsByKind = byKind };
    }

    /// <summary>An event: <see cref="A"/> a layer (or a flow, for Hop and Arrive), <see cref="B"/> a hop index.</summary>
    private readonly record struct Event(Kind Kind, int A, int B, int Image, int Unit, double Tail);

    /// <summary>What a simulation gives: per resource its busy time over the batch, the first image's latency, the batch's makespan, the events handled.</summary>
    internal sealed record SimulatedRun(double[] Busy, double LatencyNs, double MakespanNs, long Events);

    internal sealed class Resources(int count, bool trace)
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
