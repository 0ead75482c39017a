using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// The closed-form counterpart of <see cref="DataflowSimulator"/>, with no contention between layers or messages: one
/// image's row groups (<see cref="PipelineUnits"/>) pass through the layers in topological order by a max-plus recurrence
/// in which each layer's tiles, each of its digital shares and each hop of each message are a server of their own
/// (first come, first served among that layer's or that message's units only). A unit of a layer starts at
/// max(its needed producer units' arrival, the previous unit's start + its tile occupancy); it is done
/// (max(MVMs × share, 1) − 1) × MVM interval + tile MVM latency later, or when its digital work or its own scatter and
/// gather messages are, if later; a message crosses each hop on leaving (Σ hop latencies + the slowest hop's bits × share /
/// bandwidth without queueing). The first image's latency is the last unit done; the initiation interval is the busiest
/// resource's busy time per image (tiles, a core's digital units, a link: the same totals as the simulation);
/// makespan(N) = latency + (N − 1) × interval. Where no two layers or messages share a resource the simulation gives the
/// same numbers. On a chain of layers of G equal units (u needing u), with per-unit latencies a_l, transfers x_l and
/// per-unit occupancies o_l, the recurrence reduces to latency = Σ_l (a_l + x_l) + (G − 1) × max_l o_l: the fill time of
/// one unit plus G − 1 bottleneck stage intervals.
/// </summary>
public static class ClosedFormTiming
{
    /// <summary>Estimates the timing of <paramref name="batch"/> images.</summary>
    public static DataflowTiming Estimate(ChipMapping mapping, int batch, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return EstimateCore(TimingGraph.Of(mapping, LayerWorkload.Of(mapping)), batch, options ?? SimulationOptions.Default);
    }

    /// <summary>Estimates the timing of <paramref name="batch"/> images through a system of chips.</summary>
    public static DataflowTiming Estimate(SystemMapping system, int batch, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return EstimateCore(TimingGraph.Of(system, [.. system.Chips.Select(LayerWorkload.Of)]), batch, options ?? SimulationOptions.Default);
    }

    internal static DataflowTiming EstimateCore(TimingGraph graph, int batch, SimulationOptions options)
    {
        var units = PipelineUnits.Of(graph, options.PerImage);
        return Summarise(graph, units, batch, options, Run(graph, units));
    }

    /// <summary>The timing record of a closed-form run (which may be another graph's with the same timing inputs, <see cref="TimingCache"/>).</summary>
    internal static DataflowTiming Summarise(TimingGraph graph, PipelineUnits units, int batch, SimulationOptions options, ClosedFormRun run)
    {
        double interval = run.BusyPerImage.Max();
        double makespan = run.LatencyNs + ((batch - 1) * interval);
        return DataflowSimulator.Summarise(graph, run.BusyPerImage, batch, run.LatencyNs, makespan, interval, events: 0, busyIsPerBatch: false) with { TokensPerImage = units.Tokens, PerImage = options.PerImage };
    }

    /// <summary>What the closed form gives for one image: per resource its busy time, and the image's latency.</summary>
    internal sealed record ClosedFormRun(double[] BusyPerImage, double LatencyNs);

    /// <summary>The closed form itself on <paramref name="graph"/> streamed in <paramref name="units"/>.</summary>
    internal static ClosedFormRun Run(TimingGraph graph, PipelineUnits units)
    {
        var work = graph.Work;
        int layers = work.Length;
        var busy = new double[graph.ResourceCount];
        for (int l = 0; l < layers; l++)
        {
            busy[l] = work[l].OccupancyNs;
            foreach (var (r, d) in graph.Digital[l])
            {
                busy[r] += d;
            }
        }

        foreach (var f in graph.Flows)
        {
            foreach (var hop in f.Hops)
            {
                busy[hop.Resource] += hop.SerialNs;
            }
        }

        var flows = graph.Flows;
        var inFlows = new List<int>[layers];
        var outFlows = new List<int>[layers];
        var intraFlows = new List<int>[layers];
        for (int l = 0; l < layers; l++)
        {
            inFlows[l] = [];
            outFlows[l] = [];
            intraFlows[l] = [];
        }

        for (int f = 0; f < flows.Length; f++)
        {
            (flows[f].From == flows[f].To ? intraFlows[flows[f].From] : outFlows[flows[f].From]).Add(f);
            if (flows[f].From != flows[f].To)
            {
                inFlows[flows[f].To].Add(f);
            }
        }

        // arrival[f][i]: when producer unit i of flow f has arrived and every earlier one too (a prefix maximum).
        var arrival = new double[flows.Length][];
        double first = 0;
        for (int l = 0; l < layers; l++)
        {
            // Layers are in topological order and every flow goes forward, so the arrivals into l are final here.
            var need = inFlows[l].Select(f => 0).ToArray();
            var digitalFree = new double[graph.Digital[l].Length];
            var hopFree = intraFlows[l].Select(f => new double[flows[f].Hops.Length]).ToArray();
            var outFree = outFlows[l].Select(f => new double[flows[f].Hops.Length]).ToArray();
            foreach (int f in outFlows[l])
            {
                arrival[f] = new double[units.Count[l]];
            }

            double tileFree = 0;
            for (int u = 0; u < units.Count[l]; u++)
            {
                double share = units.Fraction[l][u], ready = 0;
                for (int i = 0; i < need.Length; i++)
                {
                    int f = inFlows[l][i];
                    while (units.UpTo[f][need[i]] <= u)
                    {
                        need[i]++;
                    }

                    ready = Math.Max(ready, arrival[f][need[i]]);
                }

                double start = Math.Max(ready, tileFree);
                tileFree = start + (work[l].OccupancyNs * share);
                double done = start + work[l].UnitLatencyNs(share), digitalDone = start;
                for (int k = 0; k < digitalFree.Length; k++)
                {
                    double d = graph.Digital[l][k].Ns * share, s = Math.Max(start, digitalFree[k]);
                    digitalFree[k] = s + d;
                    digitalDone = Math.Max(digitalDone, s + d);
                }

                done = Math.Max(done, digitalDone + graph.DigitalLatencyNs[l]);

                for (int i = 0; i < hopFree.Length; i++)
                {
                    done = Math.Max(done, Transit(flows[intraFlows[l][i]], start, share, hopFree[i]));
                }

                for (int i = 0; i < outFree.Length; i++)
                {
                    int f = outFlows[l][i];
                    arrival[f][u] = Math.Max(u == 0 ? 0 : arrival[f][u - 1], Transit(flows[f], done, share, outFree[i]));
                }

                if (outFlows[l].Count == 0)
                {
                    first = Math.Max(first, done);
                }
            }
        }

        return new ClosedFormRun(busy, first);
    }

    /// <summary>
    /// When a unit's message sent at <paramref name="t"/> (a <paramref name="share"/> of the flow's bits) has arrived,
    /// its hops served first come, first served after the same flow's earlier units (<paramref name="free"/>, updated).
    /// </summary>
    private static double Transit(TimingFlow flow, double t, double share, double[] free)
    {
        double tail = t;
        for (int k = 0; k < flow.Hops.Length; k++)
        {
            var hop = flow.Hops[k];
            double serial = hop.SerialNs * share, start = Math.Max(t, free[k]);
            free[k] = start + serial;
            tail = Math.Max(start + serial, tail) + hop.LatencyNs;
            t = start + hop.LatencyNs;
        }

        return tail;
    }
}
