using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Memflux.Cost;

/// <summary>
/// Simulated and closed-form timings remembered across the estimates of a design sweep, by the exact inputs the two read:
/// per layer its tile occupancy, its row groups' shares and latencies and its digital resources and times; every
/// message's ends and hops (resource, serialisation, latency); which producer groups each consumer group waits for; the
/// resource count, the batch and whether the simulation is per image. Chips that differ only where the timing does
/// not look (ADC bits change energy, not time; wider tiles than a network's layers leave its placement as it was) give
/// bit-identical inputs, so they share one simulation; the timing record (bottleneck name, core busy fractions) is still
/// built from each estimate's own graph. Safe to use from several threads; holds at most <see cref="Capacity"/> timings.
/// </summary>
public sealed class TimingCache
{
    private readonly ConcurrentDictionary<TimingKey, Entry> _entries = new();

    /// <summary>A cache holding at most <paramref name="capacity"/> timings (later ones are computed and not kept).</summary>
    public TimingCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 0);
        Capacity = capacity;
    }

    /// <summary>Timings kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Timings kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Timings answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    /// <summary>
    /// The simulated and closed-form timing of <paramref name="graph"/>: from <paramref name="cache"/> when it holds a
    /// graph with the same timing inputs (never when tracing: a trace is recorded per estimate).
    /// </summary>
    internal static (DataflowTiming Simulated, DataflowTiming ClosedForm) Time(TimingGraph graph, int batch, SimulationOptions options, TimingCache? cache)
    {
        var units = PipelineUnits.Of(graph, options.PerImage);
        if (cache is null || options.RecordTrace)
        {
            return (DataflowSimulator.SimulateCore(graph, units, batch, options), ClosedFormTiming.Summarise(graph, units, batch, options, ClosedFormTiming.Run(graph, units)));
        }

        var key = TimingKey.Of(graph, units, batch, options.PerImage);
        if (cache._entries.TryGetValue(key, out var entry))
        {
            Interlocked.Increment(ref cache._hits);
        }
        else
        {
            entry = new Entry(DataflowSimulator.Run(graph, units, batch, trace: false, out _), ClosedFormTiming.Run(graph, units));
            if (cache._entries.Count < cache.Capacity)
            {
                entry = cache._entries.GetOrAdd(key, entry);
            }
        }

        return (DataflowSimulator.Summarise(graph, units, batch, options, entry.Simulated), ClosedFormTiming.Summarise(graph, units, batch, options, entry.ClosedForm));
    }

    private sealed record Entry(DataflowSimulator.SimulatedRun Simulated, ClosedFormTiming.ClosedFormRun ClosedForm);

    /// <summary>Every input of the simulation and the closed form, as 64-bit words (a double by its bits), compared word for word.</summary>
    private sealed class TimingKey : IEquatable<TimingKey>
    {
        private readonly long[] _words;
        private readonly int _hash;

        private TimingKey(long[] words)
        {
            _words = words;
            var hash = default(HashCode);
            hash.AddBytes(MemoryMarshal.AsBytes(words.AsSpan()));
            _hash = hash.ToHashCode();
        }

        public static TimingKey Of(TimingGraph graph, PipelineUnits units, int batch, bool perImage)
        {
            var work = graph.Work;
            var flows = graph.Flows;
            int size = 6;
            for (int l = 0; l < work.Length; l++)
            {
                size += 4 + (2 * units.Count[l]) + (2 * graph.Digital[l].Length);
            }

            for (int f = 0; f < flows.Length; f++)
            {
                size += 5 + (3 * flows[f].Hops.Length) + units.UpTo[f].Length;
            }

            var w = new long[size];
            int n = 0;
            w[n++] = batch;
            w[n++] = perImage ? 1 : 0;
            w[n++] = graph.ResourceCount;
            w[n++] = work.Length;
            w[n++] = units.Tokens;
            for (int l = 0; l < work.Length; l++)
            {
                w[n++] = Bits(work[l].OccupancyNs);
                w[n++] = Bits(graph.DigitalLatencyNs[l]);
                w[n++] = units.Count[l];
                foreach (double share in units.Fraction[l])
                {
                    w[n++] = Bits(share);
                    w[n++] = Bits(work[l].UnitLatencyNs(share));
                }

                w[n++] = graph.Digital[l].Length;
                foreach (var (r, ns) in graph.Digital[l])
                {
                    w[n++] = r;
                    w[n++] = Bits(ns);
                }
            }

            w[n++] = flows.Length;
            for (int f = 0; f < flows.Length; f++)
            {
                var (flow, upTo) = (flows[f], units.UpTo[f]);
                w[n++] = flow.From;
                w[n++] = flow.To;
                w[n++] = flow.Uniform ? 1 : 0;
                w[n++] = flow.Hops.Length;
                foreach (var hop in flow.Hops)
                {
                    w[n++] = hop.Resource;
                    w[n++] = Bits(hop.SerialNs);
                    w[n++] = Bits(hop.LatencyNs);
                }

                w[n++] = upTo.Length;
                foreach (int u in upTo)
                {
                    w[n++] = u;
                }
            }

            if (n != size)
            {
                throw new InvalidOperationException($"timing key of {n} words, {size} expected");
            }

            return new TimingKey(w);
        }

        public bool Equals(TimingKey? other) => other is not null && _hash == other._hash && _words.AsSpan().SequenceEqual(other._words);

        public override bool Equals(object? obj) => Equals(obj as TimingKey);

        public override int GetHashCode() => _hash;

        private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
    }
}
