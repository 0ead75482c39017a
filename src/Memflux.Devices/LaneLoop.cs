using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Memflux.Devices;

/// <summary>
/// A per-device kernel over eight lanes: inputs a and b of devices counter … counter+7, two outputs. Each lane must
/// depend only on its own inputs and its counter, so results do not depend on where a chunk starts or ends.
/// </summary>
internal interface ILaneKernel
{
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second);
}

/// <summary>Drives an <see cref="ILaneKernel"/> over spans eight devices at a time; the tail runs the same kernel on padded lanes.</summary>
internal static class LaneLoop
{
    /// <summary>
    /// destination[i], second[i] = kernel(a[i], b[i]) for device firstCounter + i. <paramref name="b"/> may be empty
    /// (zeros), <paramref name="second"/> may be empty (not stored).
    /// </summary>
    public static void Run<TKernel>(ref TKernel kernel, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, Span<float> second, ulong firstCounter)
        where TKernel : struct, ILaneKernel
    {
        int n = destination.Length;
        bool hasB = !b.IsEmpty, hasSecond = !second.IsEmpty;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        ref float rs = ref MemoryMarshal.GetReference(second);
        int i = 0;
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> vb = hasB ? Vector256.LoadUnsafe(ref rb, (nuint)i) : Vector256<float>.Zero;
            Vector256<float> result = kernel.Invoke(Vector256.LoadUnsafe(ref ra, (nuint)i), vb, firstCounter + (ulong)i, out Vector256<float> s);
            result.StoreUnsafe(ref rd, (nuint)i);
            if (hasSecond)
            {
                s.StoreUnsafe(ref rs, (nuint)i);
            }
        }

        if (i < n)
        {
            Tail(ref kernel, a[i..], hasB ? b[i..] : default, destination[i..], hasSecond ? second[i..] : default, firstCounter + (ulong)i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tail<TKernel>(ref TKernel kernel, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, Span<float> second, ulong counter)
        where TKernel : struct, ILaneKernel
    {
        Span<float> pa = stackalloc float[8];
        Span<float> pb = stackalloc float[8];
        pa.Clear();
        pb.Clear();
        a.CopyTo(pa);
        b.CopyTo(pb);
        Vector256<float> result = kernel.Invoke(Vector256.Create<float>(pa), Vector256.Create<float>(pb), counter, out Vector256<float> s);
        for (int lane = 0; lane < destination.Length; lane++)
        {
            destination[lane] = result.GetElement(lane);
            if (!second.IsEmpty)
            {
                second[lane] = s.GetElement(lane);
            }
        }
    }
}
