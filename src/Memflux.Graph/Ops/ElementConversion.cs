using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// Element type conversions with ONNX Runtime's results on x86-64 (Cast, and the ops that compute in a wider type and
/// store in the input's: Pow, Shrink).
/// </summary>
/// <remarks>
/// ONNX leaves out-of-range and NaN float → integer conversions undefined; ONNX Runtime gives what x86's truncating
/// conversions give, and so does this class: a NaN, infinite or out-of-range value becomes the "integer indefinite"
/// value (int.MinValue for int8..int32 before the narrowing to 8/16 bits keeps the low bits, long.MinValue for int64),
/// and uint32/uint64 go through the signed conversion with a 2³¹/2⁶³ offset above that bound. Integer → integer keeps
/// the low bits (two's complement). Float → float rounds to nearest even; fp64 → fp16 goes through fp32 as ONNX
/// Runtime does. Anything → bool is <c>x ≠ 0</c> (NaN is true).
/// </remarks>
internal static class ElementConversion
{
    private const double TwoPow31 = 2147483648.0;
    private const double TwoPow63 = 9223372036854775808.0;

    /// <summary>destination[i] = convert(x[i]) for any pair of element types.</summary>
    public static void Convert(Tensor x, Tensor destination)
    {
        if (x.Type == destination.Type)
        {
            x.Bytes.CopyTo(destination.Bytes);
            return;
        }

        if (x.Type == DataType.Bool)
        {
            var visitor = new FromBoolVisitor(x, destination);
            destination.Type.VisitNumber<FromBoolVisitor, bool>(ref visitor);
            return;
        }

        var outer = new SourceVisitor(x, destination);
        x.Type.VisitNumber<SourceVisitor, bool>(ref outer);
    }

    /// <summary>A tensor of <paramref name="type"/> holding <paramref name="x"/>'s elements converted.</summary>
    public static Tensor To(Tensor x, DataType type)
    {
        var y = Tensor.Zeros(type, x.Shape);
        Convert(x, y);
        return y;
    }

    /// <summary>One element from a number type to another (not bool).</summary>
    public static TTo Convert<TFrom, TTo>(TFrom x)
        where TFrom : unmanaged, INumber<TFrom>
        where TTo : unmanaged, INumber<TTo>
    {
        bool fromFloat = typeof(TFrom) == typeof(float) || typeof(TFrom) == typeof(double) || typeof(TFrom) == typeof(Half);
        bool toFloat = typeof(TTo) == typeof(float) || typeof(TTo) == typeof(double) || typeof(TTo) == typeof(Half);
        if (!fromFloat || toFloat)
        {
            return typeof(TTo) == typeof(Half) && typeof(TFrom) == typeof(double)
                ? TTo.CreateTruncating((float)double.CreateTruncating(x))
                : TTo.CreateTruncating(x);
        }

        double d = double.CreateTruncating(x);
        if (typeof(TTo) == typeof(long))
        {
            return TTo.CreateTruncating(Truncate64(d));
        }

        if (typeof(TTo) == typeof(ulong))
        {
            return TTo.CreateTruncating(d >= TwoPow63 ? (ulong)Truncate64(d - TwoPow63) ^ 0x8000_0000_0000_0000UL : (ulong)Truncate64(d));
        }

        if (typeof(TTo) == typeof(uint))
        {
            // ONNX Runtime converts fp16 one element at a time (the 64-bit conversion, low 32 bits kept) and fp32/fp64 in
            // vector registers (32-bit conversions with a 2³¹ offset); the two differ only for NaN and out-of-range values.
            uint u = typeof(TFrom) == typeof(Half)
                ? unchecked((uint)Truncate64(d))
                : d >= TwoPow31 ? unchecked((uint)Truncate32(d - TwoPow31) ^ 0x8000_0000u) : unchecked((uint)Truncate32(d));
            return TTo.CreateTruncating(u);
        }

        return TTo.CreateTruncating(Truncate32(d));
    }

    /// <summary>x86's truncating fp → int32 conversion: NaN and out-of-range values give int.MinValue.</summary>
    public static int Truncate32(double d) => d > -2147483649.0 && d < TwoPow31 ? (int)d : int.MinValue;

    /// <summary>x86's truncating fp → int64 conversion: NaN and out-of-range values give long.MinValue.</summary>
    public static long Truncate64(double d) => d >= -TwoPow63 && d < TwoPow63 ? (long)d : long.MinValue;

    private static void ToBool<T>(ReadOnlySpan<T> x, Span<bool> destination)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = x[i] != T.Zero;
        }
    }

    private readonly struct SourceVisitor(Tensor x, Tensor destination) : INumberVisitor<bool>
    {
        public bool Visit<TFrom>()
            where TFrom : unmanaged, INumber<TFrom>
        {
            if (destination.Type == DataType.Bool)
            {
                ToBool(x.AsSpan<TFrom>(), destination.AsSpan<bool>());
                return true;
            }

            var inner = new TargetVisitor<TFrom>(x, destination);
            return destination.Type.VisitNumber<TargetVisitor<TFrom>, bool>(ref inner);
        }
    }

    private readonly struct TargetVisitor<TFrom>(Tensor x, Tensor destination) : INumberVisitor<bool>
        where TFrom : unmanaged, INumber<TFrom>
    {
        public bool Visit<TTo>()
            where TTo : unmanaged, INumber<TTo>
        {
            ReadOnlySpan<TFrom> source = x.AsSpan<TFrom>();
            Span<TTo> target = destination.AsSpan<TTo>();
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = Convert<TFrom, TTo>(source[i]);
            }

            return true;
        }
    }

    private readonly struct FromBoolVisitor(Tensor x, Tensor destination) : INumberVisitor<bool>
    {
        public bool Visit<TTo>()
            where TTo : unmanaged, INumber<TTo>
        {
            ReadOnlySpan<bool> source = x.AsSpan<bool>();
            Span<TTo> target = destination.AsSpan<TTo>();
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = source[i] ? TTo.One : TTo.Zero;
            }

            return true;
        }
    }
}
