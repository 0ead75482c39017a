using System.Buffers;
using System.Runtime.InteropServices;
using Memflux.Chip.Analog;
using Memflux.Devices;
using Memflux.Tiles;

namespace Memflux.Chip.Image;

/// <summary>
/// Writes and reads the devices section: every tile's <see cref="TileState"/> (layout: <see cref="ChipImageFormat"/>).
/// A block's conductances and drift parameters are stored as 16-bit codes on the device model's grids
/// (<see cref="DeviceModel.StateResolution"/>, to which programming already rounded them, so the codes hold the exact
/// bits) or, where a value lies off the grid or the model keeps full precision, as float32; faults and program counts
/// only where a device of the block has one. Writing encodes batches of tiles in parallel while the previous batch is
/// hashed and written.
/// </summary>
internal static partial class DevicesSection
{
    /// <summary>Block flag: conductances as codes (else float32).</summary>
    internal const byte ConductanceCodes = 1;

    /// <summary>Block flag: drift parameters as codes (else float32).</summary>
    internal const byte DriftCodes = 2;

    /// <summary>Block flag: a fault byte per device follows (else every device works).</summary>
    internal const byte FaultBytes = 4;

    /// <summary>Block flag: a program-count byte per device follows (else every device was programmed once).</summary>
    internal const byte IterationBytes = 8;

    private const byte KnownFlags = ConductanceCodes | DriftCodes | FaultBytes | IterationBytes;

    /// <summary>Encoded bytes per batch of tiles (about; a batch holds at least one tile).</summary>
    private const long BatchBytes = 32L << 20;

    public static void Write(SectionWriter writer, AnalogChipState state, DeviceStateResolution? resolution)
    {
        TileState[] tiles = [.. state.Layers.SelectMany(l => l.Matrices).SelectMany(m => m.Tiles)];
        var batches = Batches(tiles);
        Task<(byte[] Buffer, int Length)[]>? next = batches.Count == 0 ? null : Task.Run(() => Encode(tiles, batches[0], resolution));
        try
        {
            for (int b = 0; b < batches.Count; b++)
            {
                var encoded = next!.GetAwaiter().GetResult();
                int following = b + 1;
                next = following < batches.Count ? Task.Run(() => Encode(tiles, batches[following], resolution)) : null;
                try
                {
                    writer.WriteConcurrently(encoded);
                }
                finally
                {
                    Return(encoded);
                }
            }
        }
        finally
        {
            // A failed write leaves the batch being encoded: wait for it so no worker outlives the call.
            if (next is not null)
            {
                ((IAsyncResult)next).AsyncWaitHandle.WaitOne(); // waits without rethrowing an encoding failure over the write's
                if (next.IsCompletedSuccessfully)
                {
                    Return(next.Result);
                }
            }
        }
    }

    private static void Return((byte[] Buffer, int Length)[] encoded)
    {
        foreach (var (buffer, _) in encoded)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Consecutive runs of tiles of about <see cref="BatchBytes"/> encoded bytes each.</summary>
    private static List<Range> Batches(TileState[] tiles)
    {
        var batches = new List<Range>();
        int start = 0;
        long bytes = 0;
        for (int t = 0; t < tiles.Length; t++)
        {
            bytes += MaxEncodedLength(tiles[t]);
            if (bytes >= BatchBytes || t == tiles.Length - 1)
            {
                batches.Add(start..(t + 1));
                start = t + 1;
                bytes = 0;
            }
        }

        return batches;
    }

    private static (byte[] Buffer, int Length)[] Encode(TileState[] tiles, Range batch, DeviceStateResolution? resolution)
    {
        var (offset, count) = batch.GetOffsetAndLength(tiles.Length);
        var encoded = new (byte[] Buffer, int Length)[count];
        Parallel.For(0, count, i =>
        {
            var tile = tiles[offset + i];
            byte[] buffer = ArrayPool<byte>.Shared.Rent(checked((int)MaxEncodedLength(tile)));
            encoded[i] = (buffer, EncodeTile(tile, resolution, buffer));
        });
        return encoded;
    }

    private static long MaxEncodedLength(TileState tile) =>
        12 + (16L * tile.ColumnScales.Length) + tile.Devices.Sum(d => 17 + (10L * d.Count));

    /// <summary>Writes one tile's record into <paramref name="buffer"/> and returns its length.</summary>
    private static int EncodeTile(TileState tile, DeviceStateResolution? resolution, byte[] buffer)
    {
        int columns = tile.ColumnScales.Length, blocks = tile.Devices.Count;
        int rows = blocks == 0 || columns == 0 ? 0 : tile.Devices[0].Count / columns;
        var output = new SpanWriter(buffer);
        output.Put<int>([rows, columns, blocks]);
        output.Put<float>(tile.ColumnScales);
        output.Put<float>(tile.AffineGain);
        output.Put<float>(tile.AffineOffset);
        output.Put<float>(tile.DriftReference);
        for (int p = 0; p < blocks; p++)
        {
            var devices = tile.Devices[p];
            int n = devices.Count, flagsAt = output.Position;
            output.Put<byte>([0]);
            byte flags = 0;
            flags |= PutChannel(ref output, devices, conductance: true, resolution?.Conductance, ConductanceCodes);
            flags |= PutChannel(ref output, devices, conductance: false, resolution?.Drift, DriftCodes);
            if (devices.Faults is { } faults && faults.AsSpan().ContainsAnyExcept(DeviceFault.None))
            {
                flags |= FaultBytes;
                output.Put<DeviceFault>(faults);
            }

            if (!tile.IsProgrammedOnce(p) && tile.ProgramIterations[p] is var counts && counts.AsSpan().ContainsAnyExcept((byte)1))
            {
                flags |= IterationBytes;
                output.Put<byte>(counts);
            }

            buffer[flagsAt] = flags;
        }

        return output.Position;
    }

    /// <summary>
    /// One value per device of the block (the conductance or the drift parameter) by <see cref="PutValues"/>; a block kept
    /// as codes on the same grid, none off it, is written as it is held.
    /// </summary>
    private static byte PutChannel(ref SpanWriter output, DeviceState devices, bool conductance, StateGrid? grid, byte flag)
    {
        if (grid is { } g && devices.Resolution is { } held && (conductance ? held.Conductance : held.Drift) == g && devices.PlainCodes is { } codes)
        {
            output.Put<float>([g.Step, g.Offset]);
            output.Put<ushort>(conductance ? codes.Programmed : codes.Drift);
            return flag;
        }

        return PutValues(ref output, conductance ? devices.Programmed() : devices.DriftExponents(), grid, flag);
    }

    /// <summary>
    /// The grid (step, offset) and a code per value when every value lies on <paramref name="grid"/>, else the values as
    /// float32; returns <paramref name="flag"/> for codes, 0 for float32.
    /// </summary>
    private static byte PutValues(ref SpanWriter output, float[] values, StateGrid? grid, byte flag)
    {
        if (grid is { } g)
        {
            int start = output.Position;
            output.Put<float>([g.Step, g.Offset]);
            if (g.TryEncode(values, output.Reserve<ushort>(values.Length)))
            {
                return flag;
            }

            output.Position = start;
        }

        output.Put<float>(values);
        return 0;
    }

    /// <summary>Appends unmanaged values to a byte buffer (little-endian machines only, as <c>ChipImage.Save</c> checks).</summary>
    private ref struct SpanWriter(byte[] buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; set; }

        public void Put<T>(scoped ReadOnlySpan<T> values)
            where T : unmanaged
        {
            var bytes = MemoryMarshal.AsBytes(values);
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        public Span<T> Reserve<T>(int count)
            where T : unmanaged
        {
            var span = MemoryMarshal.Cast<byte, T>(_buffer.Slice(Position, count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
            Position += count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            return span;
        }
    }
}
