namespace Memflux.Graph.Ops;

/// <summary>The Gauss error function erf(x), which .NET does not provide; computed in fp64 and rounded to fp32.</summary>
/// <remarks>
/// Maclaurin series erf(x) = 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n!(2n+1)) for |x| &lt; 4, where fp64 keeps well over fp32
/// precision (the largest term is below 1e5, so cancellation costs under 1e-11). For |x| ≥ 4, 1 − erf(x) &lt; 1.6e-8,
/// below half an fp32 ulp of 1, so the result is ±1.
/// </remarks>
public static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>erf(x).</summary>
    public static float Erf(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        double ax = Math.Abs((double)x);
        if (ax >= 4.0)
        {
            return MathF.CopySign(1f, x);
        }

        double x2 = ax * ax;
        double term = ax; // (−1)ⁿ x²ⁿ⁺¹ / n!
        double sum = ax;
        for (int n = 1; n < 100; n++)
        {
            term *= -x2 / n;
            double contribution = term / ((2 * n) + 1);
            sum += contribution;
            if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return MathF.CopySign((float)(TwoOverSqrtPi * sum), x);
    }

    /// <summary>destination[i] = erf(x[i]).</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (x.Length != destination.Length)
        {
            throw new ArgumentException($"Destination length {destination.Length} differs from input length {x.Length}.", nameof(destination));
        }

        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Erf(x[i]);
        }
    }
}
