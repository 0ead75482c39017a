using System.Collections.Concurrent;
using System.Numerics;

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
    private readonly ConcurrentDictionary<TimingKey, Entry> _entries = new(new TimingKey.Comparer());

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

        // The key's words go into this thread's buffer and are looked up as a span: a hit (most estimates of a sweep)
        // allocates nothing for its key; a miss copies the words into the key it keeps.
        var words = TimingKey.Write(graph, units, batch, options.PerImage, ref t_words);
        var lookup = cache._entries.GetAlternateLookup<ReadOnlySpan<long>>();
        if (lookup.TryGetValue(words, out var entry))
        {
            Interlocked.Increment(ref cache._hits);
        }
        else
        {
            entry = new Entry(DataflowSimulator.Run(graph, units, batch, trace: false, out _), ClosedFormTiming.Run(graph, units));
            if (cache._entries.Count < cache.Capacity)
            {
                entry = cache._entries.GetOrAdd(TimingKey.Of(words), entry);
            }
        }

        return (DataflowSimulator.Summarise(graph, units, batch, options, entry.Simulated), ClosedFormTiming.Summarise(graph, units, batch, options, entry.ClosedForm));
    }

    [ThreadStatic]
    private static long[]? t_words;

    private sealed record Entry(DataflowSimulator.SimulatedRun Simulated, ClosedFormTiming.ClosedFormRun ClosedForm);

    /// <summary>Every input of the simulation and the closed form, as 64-bit words (a double by its bits), compared word for word.</summary>
    private sealed class TimingKey
    {
        private TimingKey(long[] words)
        {
            Words = words;
            Hash = HashOf(words);
        }

        public long[] Words { get; }

        public static TimingKey Of(ReadOnlySpan<long> words) => new(words.ToArray());

        public int Hash { get; }

        /// <summary>
        /// Writes the words of the key of <paramref name="graph"/> into <paramref name="buffer"/> (grown when short) and
        /// returns them.
        /// </summary>
        public static ReadOnlySpan<long> Write(TimingGraph graph, PipelineUnits units, int batch, bool perImage, ref long[]? buffer)
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

            if (buffer is null || buffer.Length < size)
            {
                buffer = new long[Math.Max(size, (buffer?.Length ?? 0) * 2)];
            }

            var w = buffer.AsSpan(0, size);
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

            return w;
        }

        /// <summary>
        /// A hash of every word: four xxHash64 lanes (Collet's round: multiply, rotate, multiply by its primes) over
        /// consecutive words, folded with the length and avalanched. Equal keys are still compared word for word.
        /// </summary>
        public static int HashOf(ReadOnlySpan<long> words)
        {
            const ulong Prime1 = 0x9E3779B185EBCA87UL, Prime2 = 0xC2B2AE3D27D4EB4FUL;
            ulong a = Prime1, b = Prime2, c = 0, d = 0x27D4EB2F165667C5UL;
            int i = 0;
            for (; i + 4 <= words.Length; i += 4)
            {
                a = Round(a, words[i]);
                b = Round(b, words[i + 1]);
                c = Round(c, words[i + 2]);
                d = Round(d, words[i + 3]);
            }

            for (; i < words.Length; i++)
            {
                a = Round(a, words[i]);
            }

            ulong h = a ^ BitOperations.RotateLeft(b, 17) ^ BitOperations.RotateLeft(c, 31) ^ BitOperations.RotateLeft(d, 47) ^ (ulong)words.Length;
            h = (h ^ (h >> 33)) * Prime2;
            h = (h ^ (h >> 29)) * Prime1;
            h ^= h >> 32;
            return (int)h;

            static ulong Round(ulong acc, long word) => BitOperations.RotateLeft(acc + ((ulong)word * Prime2), 31) * Prime1;
        }

        /// <summary>Keys compared word for word, also against a span of words (a lookup that allocates no key).</summary>
        public sealed class Comparer : IEqualityComparer<TimingKey>, IAlternateEqualityComparer<ReadOnlySpan<long>, TimingKey>
        {
            public bool Equals(TimingKey? x, TimingKey? y) =>
                ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && x.Words.AsSpan().SequenceEqual(y.Words));

            public int GetHashCode(TimingKey obj) => obj.Hash;

            public bool Equals(ReadOnlySpan<long> alternate, TimingKey other) => alternate.SequenceEqual(other.Words);

            public int GetHashCode(ReadOnlySpan<long> alternate) => HashOf(alternate);

            public TimingKey Create(ReadOnlySpan<long> alternate) => Of(alternate);
        }

        private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
    }
}
