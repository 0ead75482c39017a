using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// The closed-form counterpart of <see cref="DataflowSimulator"/>, with no queueing: a layer's latency is
/// max((MVMs per tile − 1) × MVM interval + tile MVM latency, its digital time on its busiest core); a message takes
/// hops × hop latency + bits / link bandwidth (a layer's own scatter and gather messages overlap its compute, so its
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
        return EstimateCore(mapping, LayerWorkload.Of(mapping), batch);
    }

    internal static DataflowTiming EstimateCore(ChipMapping mapping, LayerWorkload[] work, int batch)
    {
        var spec = mapping.Spec;
        int layers = work.Length, cores = spec.Cores.Count, linkBase = layers + cores;
        var busy = new double[linkBase + (spec.Cores.MeshRows * spec.Cores.MeshCols * 4)];
        var latency = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            busy[l] = work[l].OccupancyNs;
            double lat = work[l].AnalogLatencyNs;
            foreach (var s in work[l].Layer.Cores)
            {
                double d = work[l].DigitalNs(spec.Core.Digital, s.Tiles);
                busy[layers + s.Core] += d;
                lat = Math.Max(lat, d);
            }

            latency[l] = lat;
        }

        double noc = spec.Noc.LinkBandwidthGbps;
        foreach (var f in mapping.Flows)
        {
            double serial = f.BitsPerImage / noc;
            foreach (int link in MeshGeometry.Route(spec.Cores, f.SourceCore, f.DestinationCore))
            {
                busy[linkBase + link] += serial;
            }

            if (f.From == f.To)
            {
                latency[f.From] = Math.Max(latency[f.From], Transfer(f));
            }
        }

        var ready = new double[layers];
        var hasOut = new bool[layers];
        var finish = new double[layers];
        var byFrom = mapping.Flows.Where(f => f.From != f.To).ToLookup(f => f.From);
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

        int worst = 0;
        for (int r = 1; r < busy.Length; r++)
        {
            if (busy[r] > busy[worst])
            {
                worst = r;
            }
        }

        double interval = busy[worst];
        double makespan = first + ((batch - 1) * interval);
        var tileBusy = new double[cores];
        foreach (var w in work)
        {
            foreach (var s in w.Layer.Cores)
            {
                tileBusy[s.Core] += s.Tiles * w.OccupancyNs * batch;
            }
        }

        var coreBusy = new CoreBusy[cores];
        for (int c = 0; c < cores; c++)
        {
            coreBusy[c] = new CoreBusy(c, tileBusy[c] / (spec.Core.Tiles.Count * makespan), busy[layers + c] * batch / makespan);
        }

        return new DataflowTiming(batch, first, makespan, interval, DataflowSimulator.ResourceName(mapping, worst, linkBase), coreBusy, 0);

        double Transfer(Chip.Compiler.TrafficFlow f) => f.Hops == 0 ? 0 : (f.Hops * spec.Noc.HopLatencyNs) + (f.BitsPerImage / noc);
    }
}
