using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Tiles;

/// <summary>
/// The symmetric uniform quantizer of the DAC and ADC, as aihwkit's <c>UniformQuantize</c> with resolution
/// 1/(2^b − 2): step Δ = 2·range/(2^b − 2), q(x) = clamp(Δ·round(x/Δ), −range, range). The 2^b − 1 levels are
/// k·Δ for |k| ≤ 2^(b−1) − 1, so 0 and ±range are levels. Rounding is to nearest, ties to even.
/// </summary>
public static class Quantizer
{
    /// <summary>The step Δ = 2·range/(2^bits − 2) of a <paramref name="bits"/>-bit quantizer over ±<paramref name="range"/>.</summary>
    public static double StepSize(int bits, double range)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 24);
        return 2.0 * range / ((1 << bits) - 2);
    }

    /// <summary>
    /// Writes q(<paramref name="x"/>) to <paramref name="destination"/> (they may be the same span). Null bits means
    /// unlimited resolution; an infinite range means no saturation.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<float> destination, int? bits, double range)
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, expected at least {x.Length}", nameof(destination));
        }

        QuantizeCore(x, destination[..x.Length], bits, (float)range);
    }

    /// <summary>
    /// destination = q(<paramref name="scale"/>·x) in one vectorized pass: level = round(scale·x/Δ) (ties to even), clamped
    /// to ±(2^(b−1) − 1), times Δ; without bits, scale·x clamped to ±range (when finite).
    /// </summary>
    internal static void QuantizeCore(ReadOnlySpan<float> x, Span<float> destination, int? bits, float range, float scale = 1f)
    {
        if (bits is { } b)
        {
            float step = (float)StepSize(b, range);
            QuantizeLevels(x, destination, scale / step, (1 << (b - 1)) - 1, step);
        }
        else if (float.IsFinite(range))
        {
            Clamp(x, destination, scale, range);
        }
        else if (scale != 1f)
        {
            TensorPrimitives.Multiply(x, scale, destination);
        }
        else if (!x.Overlaps(destination))
        {
            x.CopyTo(destination);
        }
    }

    /// <summary>
    /// In place on <paramref name="rows"/> rows of <paramref name="scales"/>.Length values (row-major): each value becomes
    /// q(scale·x) with the scale of its column, by the same float operations per element as
    /// <see cref="QuantizeCore(ReadOnlySpan{float}, Span{float}, int?, float, float)"/> with that scale (level =
    /// round(x·(scale/Δ))), so the same bits; the per-column factors are computed once.
    /// </summary>
    internal static void QuantizeRows(Span<float> block, int rows, int? bits, float range, ReadOnlySpan<float> scales)
    {
        int width = scales.Length;
        Span<float> factors = stackalloc float[width];
        float step = 1f, maxLevel = float.PositiveInfinity;
        if (bits is { } b)
        {
            step = (float)StepSize(b, range);
            maxLevel = (1 << (b - 1)) - 1;
            TensorPrimitives.Divide(scales, step, factors);
        }
        else
        {
            scales.CopyTo(factors);
            maxLevel = float.IsFinite(range) ? range : float.PositiveInfinity;
        }

        bool levels = bits is not null;
        ref float f = ref MemoryMarshal.GetReference(factors);
        if (levels && width == 2 * Vector512<float>.Count && Vector512.IsHardwareAccelerated)
        {
            QuantizeSliverLevels(block, rows, Vector512.LoadUnsafe(ref f), Vector512.LoadUnsafe(ref f, 16), maxLevel, step);
            return;
        }

        int wide = Vector512.IsHardwareAccelerated ? width - (width % Vector512<float>.Count) : 0;
        int narrow = Vector256.IsHardwareAccelerated ? width - (width % Vector256<float>.Count) : 0;
        var hi512 = Vector512.Create(maxLevel);
        var lo512 = -hi512;
        var d512 = Vector512.Create(step);
        var hi256 = Vector256.Create(maxLevel);
        var lo256 = -hi256;
        var d256 = Vector256.Create(step);
        for (int i = 0; i < rows; i++)
        {
            ref float r = ref MemoryMarshal.GetReference(block.Slice(i * width, width));
            int t = 0;
            for (; t < wide; t += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref r, (nuint)t) * Vector512.LoadUnsafe(ref f, (nuint)t);
                v = levels ? Clamp(Vector512.Round(v), lo512, hi512) * d512 : Clamp(v, lo512, hi512);
                v.StoreUnsafe(ref r, (nuint)t);
            }

            for (; t < narrow; t += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref r, (nuint)t) * Vector256.LoadUnsafe(ref f, (nuint)t);
                v = levels ? Clamp(Vector256.Round(v), lo256, hi256) * d256 : Clamp(v, lo256, hi256);
                v.StoreUnsafe(ref r, (nuint)t);
            }

            for (; t < width; t++)
            {
                float v = Unsafe.Add(ref r, t) * factors[t];
                Unsafe.Add(ref r, t) = levels ? Math.Clamp(MathF.Round(v), -maxLevel, maxLevel) * step : Math.Clamp(v, -maxLevel, maxLevel);
            }
        }
    }

    /// <summary>
    /// <see cref="QuantizeRows"/> with levels on a 32-wide block (the Vector512 sliver): the factors stay in registers and
    /// each row is two vectors, with no per-row loop set-up.
    /// </summary>
    private static void QuantizeSliverLevels(Span<float> block, int rows, Vector512<float> f0, Vector512<float> f1, float maxLevel, float step)
    {
        var hi = Vector512.Create(maxLevel);
        var lo = -hi;
        var d = Vector512.Create(step);
        ref float r = ref MemoryMarshal.GetReference(block[..(rows * 2 * Vector512<float>.Count)]);
        for (nuint o = 0, end = (nuint)(rows * 2 * Vector512<float>.Count); o < end; o += 2 * (nuint)Vector512<float>.Count)
        {
            (Clamp(Vector512.Round(Vector512.LoadUnsafe(ref r, o) * f0), lo, hi) * d).StoreUnsafe(ref r, o);
            (Clamp(Vector512.Round(Vector512.LoadUnsafe(ref r, o + 16) * f1), lo, hi) * d).StoreUnsafe(ref r, o + 16);
        }
    }

    /// <summary>
    /// min(max(v, lo), hi) for lo ≤ 0 ≤ hi with a NaN v staying NaN, as Math.Clamp: x86 MAXPS/MINPS return their second
    /// operand when either is NaN, so v goes second (two instructions; Vector512.Max/Min follow IEEE 754:2019 minimum and
    /// maximum with extra fix-up instructions per call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Clamp(Vector512<float> v, Vector512<float> lo, Vector512<float> hi) =>
        Avx512F.IsSupported ? Avx512F.Min(hi, Avx512F.Max(lo, v)) : Vector512.Min(Vector512.Max(v, lo), hi);

    /// <summary>As the Vector512 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Clamp(Vector256<float> v, Vector256<float> lo, Vector256<float> hi) =>
        Avx.IsSupported ? Avx.Min(hi, Avx.Max(lo, v)) : Vector256.Min(Vector256.Max(v, lo), hi);

    private static void QuantizeLevels(ReadOnlySpan<float> x, Span<float> destination, float toLevels, float maxLevel, float step)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var k = Vector256.Create(toLevels);
            var hi = Vector256.Create(maxLevel);
            var lo = Vector256.Create(-maxLevel);
            var d = Vector256.Create(step);
            ref float src = ref MemoryMarshal.GetReference(x);
            ref float dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var level = Vector256.Round(Vector256.LoadUnsafe(ref src, (nuint)i) * k);
                (Clamp(level, lo, hi) * d).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = Math.Clamp(MathF.Round(x[i] * toLevels), -maxLevel, maxLevel) * step;
        }
    }

    private static void Clamp(ReadOnlySpan<float> x, Span<float> destination, float scale, float range)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var k = Vector256.Create(scale);
            var hi = Vector256.Create(range);
            var lo = Vector256.Create(-range);
            ref float src = ref MemoryMarshal.GetReference(x);
            ref float dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Clamp(Vector256.LoadUnsafe(ref src, (nuint)i) * k, lo, hi).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = Math.Clamp(x[i] * scale, -range, range);
        }
    }
}
