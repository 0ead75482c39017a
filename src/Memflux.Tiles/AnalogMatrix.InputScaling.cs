using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Memflux.Tiles;

/// <summary>The input side of a product: noise management (abs-max scaling per input vector) and the DAC.</summary>
public sealed partial class AnalogMatrix
{
    /// <summary>
    /// x̂ = x/α_x (α_x = max|x| of the vector's slice on this row block, or 1), then the DAC. An all-zero slice under
    /// abs-max keeps α_x = 0, so its outputs (noise, ADC, offsets, all multiplied by α_x) are exactly 0, as in aihwkit
    /// (<c>ForwardBackwardPassIOManaged::forwardVector</c> in <c>src/rpucuda/rpu_forward_backward_pass.cpp</c>: "short cut.
    /// output will be zero anyway" when the noise-management scale is 0 and there is no input noise).
    /// </summary>
    private unsafe void PrepareChunk(int chunk)
    {
        var x = new ReadOnlySpan<float>((float*)_xPointer, _m * Inputs);
        int end = Math.Min(_m, (chunk + 1) * ChunkRows);
        for (int r = chunk * ChunkRows; r < end; r++)
        {
            var segment = x.Slice((r * Inputs) + _rowOffset, _rowCount);
            var destination = _xq.AsSpan(r * _rowCount, _rowCount);
            float alpha = 1f, outputScale = 1f;
            if (Config.NoiseManagement == NoiseManagement.AbsMax)
            {
                float max = Math.Abs(TensorPrimitives.MaxMagnitude(segment));
                alpha = max > 0 && float.IsFinite(max) ? max : 1f;
                outputScale = max == 0 ? 0f : alpha;
            }

            _alpha[r] = outputScale;
            Quantizer.QuantizeCore(segment, destination, Config.Dac.Bits, (float)Config.Dac.InputRange, 1f / alpha);
            CountActivity(chunk, destination);
        }
    }

    /// <summary>
    /// <see cref="PrepareChunk"/> on one packed sliver of the unrolled input (this row block's rows × SliverWidth pixels,
    /// k-major), in place: α_x per pixel (lane) as a running elementwise max down the rows, then the DAC with one scale per
    /// lane; the first <paramref name="alpha"/>.Length lanes' α_x are written to it. Same values as the row form: the max
    /// is exact and the quantizer does the same float operations per element.
    /// </summary>
    private void PrepareSliver(Span<float> sliver, int rows, Span<float> alpha)
    {
        int width = sliver.Length / rows;
        Span<float> lanes = stackalloc float[width];
        Span<float> scales = stackalloc float[width];
        if (Config.NoiseManagement == NoiseManagement.AbsMax)
        {
            lanes.Clear();
            MaxMagnitudeOfColumns(sliver, rows, lanes);
            UsableScales(lanes, scales);
            TensorPrimitives.Divide(1f, scales, scales);
        }
        else
        {
            lanes.Fill(1f);
            scales.Fill(1f);
        }

        lanes[..alpha.Length].CopyTo(alpha);
        Quantizer.QuantizeRows(sliver, rows, Config.Dac.Bits, (float)Config.Dac.InputRange, scales);
    }

    /// <summary>
    /// Per lane, from α = max|x|: the DAC divisor d ← α where 0 &lt; α &lt; ∞, else 1 (all-zero, NaN or infinite input
    /// vectors are not scaled), and the output scale α ← d, except 0 for an all-zero vector (its outputs are exactly 0,
    /// see <see cref="PrepareChunk"/>).
    /// </summary>
    private static void UsableScales(Span<float> alpha, Span<float> divisor)
    {
        int t = 0;
        ref float a = ref MemoryMarshal.GetReference(alpha);
        ref float d = ref MemoryMarshal.GetReference(divisor);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; t <= alpha.Length - Vector512<float>.Count; t += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref a, (nuint)t);
                var usable = Vector512.GreaterThan(v, Vector512<float>.Zero) & Vector512.LessThan(v, Vector512.Create(float.PositiveInfinity));
                var scale = Vector512.ConditionalSelect(usable, v, Vector512<float>.One);
                scale.StoreUnsafe(ref d, (nuint)t);
                Vector512.ConditionalSelect(Vector512.Equals(v, Vector512<float>.Zero), Vector512<float>.Zero, scale).StoreUnsafe(ref a, (nuint)t);
            }
        }

        for (; t < alpha.Length; t++)
        {
            float v = alpha[t];
            divisor[t] = v > 0 && float.IsFinite(v) ? v : 1f;
            alpha[t] = v == 0 ? 0f : divisor[t];
        }
    }

    /// <summary>
    /// max[t] = max over the rows of |block[i·width + t]| (width = max.Length), NaN when any is NaN (which NaN is not
    /// specified); a 32-wide block (the Vector512 sliver) keeps its maxima in registers, two rows at a time.
    /// </summary>
    private static void MaxMagnitudeOfColumns(ReadOnlySpan<float> block, int rows, Span<float> max)
    {
        int width = max.Length;
        if (!Vector512.IsHardwareAccelerated || width != 2 * Vector512<float>.Count)
        {
            for (int i = 0; i < rows; i++)
            {
                MaxMagnitudeInto(max, block.Slice(i * width, width));
            }

            return;
        }

        // |x| as bits is ordered as |x| for numbers, and every NaN is above +∞: an unsigned integer max is the float
        // max with NaN propagation, in one instruction.
        ref uint p = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(block));
        var magnitude = Vector512.Create(0x7FFF_FFFFu);
        Vector512<uint> a0 = Vector512<uint>.Zero, a1 = a0, b0 = a0, b1 = a0;
        int row = 0;
        for (; row + 1 < rows; row += 2)
        {
            nuint o = (nuint)(row * width);
            a0 = Vector512.Max(a0, Vector512.LoadUnsafe(ref p, o) & magnitude);
            a1 = Vector512.Max(a1, Vector512.LoadUnsafe(ref p, o + 16) & magnitude);
            b0 = Vector512.Max(b0, Vector512.LoadUnsafe(ref p, o + 32) & magnitude);
            b1 = Vector512.Max(b1, Vector512.LoadUnsafe(ref p, o + 48) & magnitude);
        }

        if (row < rows)
        {
            nuint o = (nuint)(row * width);
            a0 = Vector512.Max(a0, Vector512.LoadUnsafe(ref p, o) & magnitude);
            a1 = Vector512.Max(a1, Vector512.LoadUnsafe(ref p, o + 16) & magnitude);
        }

        ref float m = ref MemoryMarshal.GetReference(max);
        Vector512.Max(a0, b0).AsSingle().StoreUnsafe(ref m);
        Vector512.Max(a1, b1).AsSingle().StoreUnsafe(ref m, 16);
    }

    /// <summary>max[i] = max(max[i], |x[i]|), NaN propagating (so a NaN input makes α_x non-finite, hence 1, as in the row form).</summary>
    private static void MaxMagnitudeInto(Span<float> max, ReadOnlySpan<float> x)
    {
        int i = 0;
        ref float pm = ref MemoryMarshal.GetReference(max);
        ref float px = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref pm, (nuint)i), Vector512.Abs(Vector512.LoadUnsafe(ref px, (nuint)i))).StoreUnsafe(ref pm, (nuint)i);
            }
        }

        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref pm, (nuint)i), Vector256.Abs(Vector256.LoadUnsafe(ref px, (nuint)i))).StoreUnsafe(ref pm, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            max[i] = MathF.Max(max[i], MathF.Abs(x[i]));
        }
    }
}
