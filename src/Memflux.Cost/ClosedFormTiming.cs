using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// The closed-form counterpart of <see cref="DataflowSimulator"/>, with no queueing: a layer's latency is
/// max((MVMs per tile − 1) × MVM interval + tile MVM latency, its digital time on its busiest core); a message takes
/// hops × hop latency + bits / link bandwidth (across chip links: Σ hop latencies + the slowest hop's bits / bandwidth) (a layer's own scatter and gather messages overlap its compute, so its
/// latency is at least its slowest one); the first image's latency is the longest path through the layer graph;
/// the initiation interval is the busiest resource's busy time per image (tiles, a core's digital units, a link);
/// makespan(N) = latency + (N − 1) × interval. On a pipeline without contention the simulation gives the same numbers.
/// </summary>
public static class ClosedFormTiming
{
    /// <summary>Estimates the timing of <paramref name="batch"/> images.</summary>
    public static DataflowTiming Estimate(ChipMapping mapping, int batch)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return EstimateCore(TimingGraph.Of(mapping, LayerWorkload.Of(mapping)), batch);
    }

    /// <summary>Estimates the timing of <paramref name="batch"/> images through a system of chips.</summary>
    public static DataflowTiming Estimate(SystemMapping system, int batch)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return EstimateCore(TimingGraph.Of(system, [.. system.Chips.Select(LayerWorkload.Of)]), batch);
    }

    internal static DataflowTiming EstimateCore(TimingGraph graph, int batch)
    {
        var work = graph.Work;
        int layers = work.Length;
        var busy = new double[graph.ResourceCount];
        var latency = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            busy[l] = work[l].OccupancyNs;
            double lat = work[l].AnalogLatencyNs;
            foreach (var (r, d) in graph.Digital[l])
            {
                busy[r] += d;
                lat = Math.Max(lat, d);
            }

            latency[l] = lat;
        }

        foreach (var f in graph.Flows)
        {
            foreach (var hop in f.Hops)
            {
                busy[hop.Resource] += hop.SerialNs;
            }

            if (f.From == f.To)
            {
                latency[f.From] = Math.Max(latency[f.From], Transfer(f));
            }
        }

        var ready = new double[layers];
        var hasOut = new bool[layers];
        var finish = new double[layers];
        var byFrom = graph.Flows.Where(f => f.From != f.To).ToLookup(f => f.From);
        for (int l = 0; l < layers; l++)
        {
            // Layers are in topological order and every flow goes forward, so finish[l] is final here.
            finish[l] = ready[l] + latency[l];
            foreach (var f in byFrom[l])
            {
                hasOut[l] = true;
                ready[f.To] = Math.Max(ready[f.To], finish[l] + Transfer(f));
            }
        }

        double first = 0;
        for (int l = 0; l < layers; l++)
        {
            if (!hasOut[l])
            {
                first = Math.Max(first, finish[l]);
            }
        }

        double interval = busy.Max();
        double makespan = first + ((batch - 1) * interval);
        return DataflowSimulator.Summarise(graph, busy, batch, first, makespan, interval, events: 0, busyIsPerBatch: false);

        static double Transfer(TimingFlow f) => f.Hops.Length == 0 ? 0 : f.LatencyNs + f.SerialNs;
    }
}
