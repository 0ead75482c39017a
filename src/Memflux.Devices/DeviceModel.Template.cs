using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>The template shared by every model: chunked parallel driver and the non-idealities.</summary>
public abstract partial class DeviceModel
{
    // Stream coordinates under a block's key; each kind of draw has its own stream so they never share a counter.
    private const ulong ModelStream = 1, SpreadStream = 2, FaultStream = 3, StuckValueStream = 4, ReadStream = 5;
    private const int SubBlock = 1024;

    /// <summary>
    /// Template: applies levels and g_max spread to the targets, calls <see cref="ProgramDevices"/> chunk by chunk,
    /// then draws faults (a stuck device's programmed value is its stuck conductance, its drift parameter 0), then rounds
    /// the state to <see cref="StateResolution"/>.
    /// </summary>
    protected virtual unsafe void ProgramCore(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key)
    {
        fixed (float* pinned = targetMicroSiemens)
        {
            nint targets = (nint)pinned;
            ForEachChunk(state.Count, (start, length) =>
                ProgramChunk(new ReadOnlySpan<float>((float*)targets + start, length), state, key, start));
        }

        state.DropFaultsIfNone();
    }

    /// <summary>Template: calls <see cref="ReadDevices"/> chunk by chunk; stuck devices read their stuck conductance.</summary>
    protected virtual unsafe void ReadCore(DeviceState state, double timeSeconds, ulong key, ulong readIndex, Span<float> destinationMicroSiemens)
    {
        ulong readKey = CounterRandom.Key(key, ReadStream, readIndex);
        fixed (float* pinned = destinationMicroSiemens)
        {
            nint destination = (nint)pinned;
            var full = state.FullArrays;
            ForEachChunk(state.Count, (start, length) =>
            {
                var d = new Span<float>((float*)destination + start, length);
                float[]? pooled = null;
                try
                {
                    Span<float> programmed, drift;
                    if (full is var (g, nu))
                    {
                        programmed = g.AsSpan(start, length);
                        drift = nu.AsSpan(start, length);
                    }
                    else
                    {
                        // Codes: decoded a chunk at a time into a buffer of this thread's.
                        pooled = ArrayPool<float>.Shared.Rent(2 * length);
                        programmed = pooled.AsSpan(0, length);
                        drift = pooled.AsSpan(length, length);
                        state.CopyProgrammed(start, programmed);
                        state.CopyDrift(start, drift);
                    }

                    ReadDevices(programmed, drift, timeSeconds, readKey, start, d);
                    if (state.Faults is { } faults)
                    {
                        KeepStuck(faults.AsSpan(start, length), programmed, d);
                    }
                }
                finally
                {
                    if (pooled is not null)
                    {
                        ArrayPool<float>.Shared.Return(pooled);
                    }
                }
            });
        }
    }

    private void ForEachChunk(int count, Action<int, int> body)
    {
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        if (chunks <= 1 || MaxDegreeOfParallelism == 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                body(c * ChunkSize, Math.Min(ChunkSize, count - (c * ChunkSize)));
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
        Parallel.For(0, chunks, options, c => body(c * ChunkSize, Math.Min(ChunkSize, count - (c * ChunkSize))));
    }

    private void ProgramChunk(ReadOnlySpan<float> targets, DeviceState state, ulong key, int chunkStart)
    {
        ulong modelKey = CounterRandom.Key(key, ModelStream);
        var prepare = new PrepareTargets(NonIdealities, (float)GMaxMicroSiemens, CounterRandom.Key(key, SpreadStream));
        DeviceStateResolution? resolution = StateResolution;
        Span<float> buffer = stackalloc float[3 * SubBlock];
        for (int s = 0; s < targets.Length; s += SubBlock)
        {
            int n = Math.Min(SubBlock, targets.Length - s);
            int first = chunkStart + s;
            Span<float> prepared = buffer[..n];
            LaneLoop.Run(ref prepare, targets.Slice(s, n), default, prepared, default, (ulong)first);
            Span<float> programmed = buffer.Slice(SubBlock, n);
            Span<float> drift = buffer.Slice(2 * SubBlock, n);
            ProgramDevices(prepared, programmed, drift, modelKey, first);
            DrawFaults(state, programmed, drift, key, first);
            resolution?.Round(programmed, drift);
            state.Set(first, programmed, drift);
        }
    }

    private void DrawFaults(DeviceState state, Span<float> programmed, Span<float> drift, ulong key, int first)
    {
        DeviceNonIdealities ni = NonIdealities;
        if (!ni.HasFaults)
        {
            state.Faults?.AsSpan(first, programmed.Length).Clear();
            return;
        }

        Span<DeviceFault> faults = state.FaultsToWrite(first, programmed.Length);

        ulong faultKey = CounterRandom.Key(key, FaultStream), stuckKey = CounterRandom.Key(key, StuckValueStream);
        ulong spreadKey = CounterRandom.Key(key, SpreadStream);
        float atMin = (float)ni.StuckAtMinFraction, atMax = atMin + (float)ni.StuckAtMaxFraction, any = atMax + (float)ni.StuckAtRandomFraction;
        for (int j = 0; j < faults.Length; j++)
        {
            ulong device = (ulong)(first + j);
            float u = CounterRandom.Uniform(faultKey, device);
            if (u >= any)
            {
                faults[j] = DeviceFault.None;
                continue;
            }

            float deviceGMax = PrepareTargets.DeviceGMax((float)GMaxMicroSiemens, (float)ni.GMaxDeviceSpreadRelative, spreadKey, device);
            (faults[j], programmed[j]) = u < atMin ? (DeviceFault.StuckAtMin, 0f)
                : u < atMax ? (DeviceFault.StuckAtMax, deviceGMax)
                : (DeviceFault.StuckAtRandom, CounterRandom.Uniform(stuckKey, device) * deviceGMax);
            drift[j] = 0;
        }
    }

    private static void KeepStuck(ReadOnlySpan<DeviceFault> faults, ReadOnlySpan<float> programmed, Span<float> destination)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(faults);
        ref byte b = ref MemoryMarshal.GetReference(bytes);
        for (int i = 0; i < bytes.Length; i += 32)
        {
            if (i + 32 <= bytes.Length && Vector256.LoadUnsafe(ref b, (nuint)i) == Vector256<byte>.Zero)
            {
                continue;
            }

            for (int j = i; j < Math.Min(i + 32, bytes.Length); j++)
            {
                if (bytes[j] != 0)
                {
                    destination[j] = programmed[j];
                }
            }
        }
    }

    /// <summary>Levels (round half to even over [0, g_max]) then the device's own g_max: target·g_max,i/g_max.</summary>
    private readonly struct PrepareTargets(DeviceNonIdealities ni, float gMax, ulong spreadKey) : ILaneKernel
    {
        private readonly float _toLevel = ni.ProgrammableLevels is { } l ? (l - 1) / gMax : 0f;
        private readonly float _fromLevel = ni.ProgrammableLevels is { } l ? gMax / (l - 1) : 0f;
        private readonly float _spread = (float)ni.GMaxDeviceSpreadRelative;

        public static float DeviceGMax(float gMax, float spread, ulong spreadKey, ulong device) =>
            spread == 0 ? gMax : gMax * MathF.Max(1f + (spread * CounterRandom.Normal(spreadKey, device)), 0f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second)
        {
            second = default;
            if (_toLevel != 0)
            {
                a = Vector256.Round(a * _toLevel) * _fromLevel;
            }

            if (_spread != 0)
            {
                Vector256<float> scale = Vector256.Create(1f) + (Vector256.Create(_spread) * CounterRandom.Normal8(spreadKey, counter));
                a *= Vector256.Max(scale, Vector256<float>.Zero);
            }

            return a;
        }
    }
}
