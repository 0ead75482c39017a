using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Memflux.Devices;

/// <summary>
/// A 16-bit grid for one value of the persistent device state: value = <see cref="Offset"/> + code·<see cref="Step"/>
/// for code 0 … 65535, computed in single precision (one multiply, one add, no fused multiply-add), so rounding a value
/// to the grid in memory and decoding its stored code give the same bits. Programming rounds the state to its model's
/// grids (<see cref="DeviceModel.StateResolution"/>) and the chip image stores the codes: two bytes instead of four.
/// A value outside the grid's range (or not finite) is left as it is, and an image block holding one is stored in full
/// precision, so nothing is ever clipped.
/// </summary>
/// <param name="Step">The grid step (&gt; 0).</param>
/// <param name="Offset">The value of code 0.</param>
public readonly record struct StateGrid(float Step, float Offset)
{
    /// <summary>The largest code.</summary>
    public const int MaxCode = ushort.MaxValue;

    /// <summary>The largest rounding error of a value within the grid's range: half a step.</summary>
    public float MaxError => Step / 2;

    /// <summary>The value of <paramref name="code"/>.</summary>
    public float Decode(int code) => Offset + (code * Step);

    /// <summary>Rounds every value within [Offset, Offset + 65535·Step] to the nearest grid value, in place; leaves the others.</summary>
    public void Round(Span<float> values)
    {
        var (step, offset, inverse) = Constants();
        ref float v = ref MemoryMarshal.GetReference(values);
        int i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            Vector256<float> x = Vector256.LoadUnsafe(ref v, (nuint)i);
            Vector256<float> code = Code(x, offset, inverse, out Vector256<float> inRange);
            Vector256.ConditionalSelect(inRange, offset + (code * step), x).StoreUnsafe(ref v, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            float c = MathF.Round((values[i] - Offset) * (1f / Step));
            if (c >= 0 && c <= MaxCode)
            {
                values[i] = Decode((int)c);
            }
        }
    }

    /// <summary>
    /// Writes the code of every value into <paramref name="codes"/> and says whether every value lies on the grid
    /// exactly (decodes to the same bits); when false, <paramref name="codes"/> is meaningless.
    /// </summary>
    public bool TryEncode(ReadOnlySpan<float> values, Span<ushort> codes)
    {
        if (codes.Length != values.Length)
        {
            throw new ArgumentException($"expected {values.Length} codes, found {codes.Length}", nameof(codes));
        }

        var (step, offset, inverse) = Constants();
        ref float v = ref MemoryMarshal.GetReference(values);
        ref ushort c = ref MemoryMarshal.GetReference(codes);
        int i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            Vector256<float> x = Vector256.LoadUnsafe(ref v, (nuint)i);
            Vector256<float> code = Code(x, offset, inverse, out Vector256<float> inRange);
            Vector256<int> decoded = (offset + (code * step)).AsInt32();
            if (!Vector256.EqualsAll(inRange.AsInt32() & Vector256.Equals(decoded, x.AsInt32()), Vector256<int>.AllBitsSet))
            {
                return false;
            }

            Vector256<int> integer = Vector256.ConvertToInt32(code);
            Vector128<ushort> packed = Vector128.Narrow(integer.GetLower().AsUInt32(), integer.GetUpper().AsUInt32());
            packed.StoreUnsafe(ref c, (nuint)i);
        }

        for (; i < values.Length; i++)
        {
            float code = MathF.Round((values[i] - Offset) * (1f / Step));
            if (!(code >= 0 && code <= MaxCode) || BitConverter.SingleToInt32Bits(Decode((int)code)) != BitConverter.SingleToInt32Bits(values[i]))
            {
                return false;
            }

            codes[i] = (ushort)code;
        }

        return true;
    }

    /// <summary>values[i] = <see cref="Decode(int)"/>(codes[i]).</summary>
    public void Decode(ReadOnlySpan<ushort> codes, Span<float> values)
    {
        if (codes.Length != values.Length)
        {
            throw new ArgumentException($"expected {codes.Length} values, found {values.Length}", nameof(values));
        }

        var (step, offset, _) = Constants();
        ref ushort c = ref MemoryMarshal.GetReference(codes);
        ref float v = ref MemoryMarshal.GetReference(values);
        int i = 0;
        for (; i <= codes.Length - 8; i += 8)
        {
            Vector256<int> integer = Vector256.WidenLower(Vector128.LoadUnsafe(ref c, (nuint)i).ToVector256Unsafe()).AsInt32();
            (offset + (Vector256.ConvertToSingle(integer) * step)).StoreUnsafe(ref v, (nuint)i);
        }

        for (; i < codes.Length; i++)
        {
            values[i] = Decode(codes[i]);
        }
    }

    private (Vector256<float> Step, Vector256<float> Offset, Vector256<float> Inverse) Constants() =>
        (Vector256.Create(Step), Vector256.Create(Offset), Vector256.Create(1f / Step));

    /// <summary>The rounded code (as a float) and a mask of the lanes whose code lies in [0, 65535]; NaN fails both compares.</summary>
    private static Vector256<float> Code(Vector256<float> x, Vector256<float> offset, Vector256<float> inverse, out Vector256<float> inRange)
    {
        Vector256<float> code = Vector256.Round((x - offset) * inverse);
        inRange = Vector256.GreaterThanOrEqual(code, Vector256<float>.Zero) & Vector256.LessThanOrEqual(code, Vector256.Create((float)MaxCode));
        return Vector256.ConditionalSelect(inRange, code, Vector256<float>.Zero);
    }
}

/// <summary>
/// The grids a device model rounds its programmed state to (see <see cref="StateGrid"/>): the programmed conductance
/// and the drift parameter (<see cref="DeviceState.DriftAt"/>, whatever the model keeps there).
/// </summary>
/// <param name="Conductance">Grid of the programmed conductance (µS).</param>
/// <param name="Drift">Grid of the drift parameter.</param>
public sealed record DeviceStateResolution(StateGrid Conductance, StateGrid Drift)
{
    /// <summary>
    /// Conductance steps per g_max: 2¹⁵, so the 16-bit code spans [0, 2·g_max) (programming noise and the g_max spread
    /// put devices above g_max) with a rounding error of at most g_max/65536 ≈ 1.5·10⁻⁵ g_max.
    /// </summary>
    public const int ConductanceStepsPerGMax = 1 << 15;

    /// <summary>The conductance grid of a device with <paramref name="gMaxMicroSiemens"/>: step g_max/2¹⁵ from 0.</summary>
    public static StateGrid ConductanceGrid(double gMaxMicroSiemens) => new((float)(gMaxMicroSiemens / ConductanceStepsPerGMax), 0f);

    /// <summary>
    /// Power-law drift exponents ν ≥ 0: step 2⁻¹⁶ from 0 (range [0, 1)), a rounding error of at most 7.6·10⁻⁶.
    /// </summary>
    public static StateGrid DriftExponentGrid { get; } = new(1f / 65536, 0f);

    /// <summary>Rounds the programmed conductances and drift parameters of one chunk to the grids, in place.</summary>
    internal void Round(Span<float> programmed, Span<float> drift)
    {
        Conductance.Round(programmed);
        Drift.Round(drift);
    }
}
