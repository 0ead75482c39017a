using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

/// <summary>
/// Single-precision elementary functions on eight lanes, built from IEEE add/multiply only (no fused operations), so a
/// lane's result is the same on every x64 and Arm64 machine and in every lane position. The BCL's Vector256.Log/Exp/Cos
/// for float widen to double and run about 3× slower; these keep float accuracy (about 2 ulp) for the domains stated.
/// Log and Exp use the range reductions and minimax polynomials of the Cephes library (S. L. Moshier, logf.c and
/// expf.c); <see cref="CosTwoPi"/> is the Taylor series of cos to x^12 on [0, π/2] (truncation below 1e-8).
/// </summary>
public static class FloatVectorMath
{
    /// <summary>ln x for positive normal x (≥ 1.18e-38); other inputs give unspecified results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        Vector256<int> bits = x.AsInt32();
        Vector256<float> e = Vector256.ConvertToSingle((bits >>> 23) - Vector256.Create(126));
        Vector256<float> m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F000000)).AsSingle(); // [0.5, 1)
        Vector256<float> small = Vector256.LessThan(m, Vector256.Create(0.707106781186547524f));
        e -= small & Vector256<float>.One;
        Vector256<float> f = m + (small & m) - Vector256<float>.One; // m·2 − 1 below √½, else m − 1
        Vector256<float> z = f * f;
        Vector256<float> p = Vector256.Create(7.0376836292E-2f);
        p = (p * f) + Vector256.Create(-1.1514610310E-1f);
        p = (p * f) + Vector256.Create(1.1676998740E-1f);
        p = (p * f) + Vector256.Create(-1.2420140846E-1f);
        p = (p * f) + Vector256.Create(1.4249322787E-1f);
        p = (p * f) + Vector256.Create(-1.6668057665E-1f);
        p = (p * f) + Vector256.Create(2.0000714765E-1f);
        p = (p * f) + Vector256.Create(-2.4999993993E-1f);
        p = (p * f) + Vector256.Create(3.3333331174E-1f);
        Vector256<float> y = (p * f * z) + (e * -2.12194440e-4f) - (z * 0.5f);
        return f + y + (e * 0.693359375f);
    }

    /// <summary>e^x; x is limited to [−87, 88] (results below 1.6e-38 or above 1.6e38 are not needed here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87f)), Vector256.Create(88f));
        Vector256<float> n = Vector256.Floor((x * 1.44269504088896341f) + Vector256.Create(0.5f));
        x = x - (n * 0.693359375f) - (n * -2.12194440e-4f);
        Vector256<float> p = Vector256.Create(1.9875691500E-4f);
        p = (p * x) + Vector256.Create(1.3981999507E-3f);
        p = (p * x) + Vector256.Create(8.3334519073E-3f);
        p = (p * x) + Vector256.Create(4.1665795894E-2f);
        p = (p * x) + Vector256.Create(1.6666665459E-1f);
        p = (p * x) + Vector256.Create(5.0000001201E-1f);
        Vector256<float> y = (p * (x * x)) + x + Vector256<float>.One;
        Vector256<float> scale = ((Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23).AsSingle();
        return y * scale;
    }

    /// <summary>cos(2π·u) for u in [0, 1]; absolute error below 4e-7 (rounding near π/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CosTwoPi(Vector256<float> u)
    {
        Vector256<float> r = Vector256.Abs(u - Vector256.Round(u)); // [0, 0.5], cos(2πu) = cos(2πr)
        Vector256<float> upper = Vector256.GreaterThan(r, Vector256.Create(0.25f));
        Vector256<float> z = Vector256.ConditionalSelect(upper, Vector256.Create(0.5f) - r, r); // cos(2πr) = −cos(2π(½ − r))
        Vector256<float> x = z * (2f * MathF.PI);
        Vector256<float> w = x * x;
        Vector256<float> p = Vector256.Create(1f / 479001600f);
        p = (p * w) + Vector256.Create(-1f / 3628800f);
        p = (p * w) + Vector256.Create(1f / 40320f);
        p = (p * w) + Vector256.Create(-1f / 720f);
        p = (p * w) + Vector256.Create(1f / 24f);
        p = (p * w) + Vector256.Create(-0.5f);
        Vector256<float> c = (p * w) + Vector256<float>.One;
        return Vector256.ConditionalSelect(upper, -c, c);
    }
}
