using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Numerics;

/// <summary>
/// What a convolution may do to its outputs before they leave the cache: add a residual of the output's shape, then
/// apply ReLU. Fusing them saves the executor two passes over the tensor (ResNet blocks end Conv → Add → Relu).
/// </summary>
internal static class ConvolutionEpilogue
{
    /// <summary>
    /// y = y + addend (skipped when <paramref name="addend"/> is empty), then y = max(y, 0) when <paramref name="relu"/>;
    /// the same float operations, so the same bits, as ONNX Add then Relu (max propagates NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(Span<float> y, ReadOnlySpan<float> addend, bool relu) => Apply(y, null, y, addend, relu);

    /// <summary>
    /// y = source (+ <paramref name="bias"/> when not null), then + addend and max(·, 0) as
    /// <see cref="Apply(Span{float}, ReadOnlySpan{float}, bool)"/>: one pass with the float operations of the separate
    /// ones. <paramref name="source"/> may be <paramref name="y"/>.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> source, float? bias, Span<float> y, ReadOnlySpan<float> addend, bool relu)
    {
        int n = y.Length, i = 0;
        bool add = !addend.IsEmpty, biased = bias.HasValue;
        float b = bias.GetValueOrDefault();
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(y);
        ref float a = ref MemoryMarshal.GetReference(addend);
        if (Vector512.IsHardwareAccelerated)
        {
            var b512 = Vector512.Create(b);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref s, (nuint)i);
                v = biased ? v + b512 : v;
                v = add ? v + Vector512.LoadUnsafe(ref a, (nuint)i) : v;
                v = relu ? Relu(v) : v;
                v.StoreUnsafe(ref d, (nuint)i);
            }
        }

        var b256 = Vector256.Create(b);
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref s, (nuint)i);
            v = biased ? v + b256 : v;
            v = add ? v + Vector256.LoadUnsafe(ref a, (nuint)i) : v;
            v = relu ? Relu(v) : v;
            v.StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref s, i);
            v = biased ? v + b : v;
            v = add ? v + Unsafe.Add(ref a, i) : v;
            Unsafe.Add(ref d, i) = relu ? MathF.Max(v, 0f) : v;
        }
    }

    /// <summary>
    /// MathF.Max(v, 0) per lane in two instructions: x86 MAXPS returns its second operand when either is NaN or both are
    /// zero, so MAXPS(0, v) keeps NaN and maps −0 to −0, and + 0 then makes that +0 (Vector512.Max follows IEEE 754:2019
    /// with extra fix-up instructions per call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Relu(Vector512<float> v) =>
        Avx512F.IsSupported ? Avx512F.Max(Vector512<float>.Zero, v) + Vector512<float>.Zero : Vector512.Max(v, Vector512<float>.Zero);

    /// <summary>As the Vector512 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Relu(Vector256<float> v) =>
        Avx.IsSupported ? Avx.Max(Vector256<float>.Zero, v) + Vector256<float>.Zero : Vector256.Max(v, Vector256<float>.Zero);
}
