using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// Shared by the signal-processing ops (opset 17): window functions, the discrete Fourier transform over one axis of a
/// real ([..., 1]) or complex ([..., 2]) signal, and reading the scalar integer inputs that size their outputs.
/// Computed in fp64 and rounded to the output type.
/// </summary>
internal static class SpectralKernel
{
    /// <summary>A scalar integer input that determines an output size: constant at import, or a clear error.</summary>
    public static long ScalarInt(Node node, IReadOnlyList<TensorInfo?> inputs, int index, string what)
    {
        long[] values = OperatorInputs.RequireConstantInts(node, inputs, index, what);
        return values.Length == 1 ? values[0] : throw node.Error($"input {index} ({what}) must be a scalar, found {values.Length} values.");
    }

    /// <summary>The generalized cosine window Σₖ (−1)ᵏ aₖ cos(2πkn/D), D = N (periodic) or N − 1 (symmetric).</summary>
    public static double[] CosineWindow(int length, bool periodic, params double[] coefficients)
    {
        var w = new double[length];
        double denominator = periodic ? length : length - 1;
        for (int n = 0; n < length; n++)
        {
            double sum = 0;
            for (int k = 0; k < coefficients.Length; k++)
            {
                sum += (k % 2 == 0 ? 1 : -1) * coefficients[k] * Math.Cos(2 * Math.PI * k * n / denominator);
            }

            w[n] = length == 1 ? 1 : sum;
        }

        return w;
    }

    /// <summary>
    /// X[k] = Σₙ x[n] e^(∓2πikn/N), x = <paramref name="re"/> + i·<paramref name="im"/>, over the first <paramref name="length"/> samples
    /// (zero-padded past its end) for k &lt; <paramref name="bins"/>; the inverse transform divides by N.
    /// </summary>
    public static void Transform(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int length, int bins, bool inverse, Span<double> outRe, Span<double> outIm)
    {
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < bins; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (int n = 0; n < Math.Min(length, re.Length); n++)
            {
                double angle = sign * 2 * Math.PI * ((long)k * n % length) / length;
                double c = Math.Cos(angle), s = Math.Sin(angle);
                sumRe += (re[n] * c) - (im[n] * s);
                sumIm += (re[n] * s) + (im[n] * c);
            }

            outRe[k] = inverse ? sumRe / length : sumRe;
            outIm[k] = inverse ? sumIm / length : sumIm;
        }
    }

    /// <summary>The output type of a window or matrix op's <c>output_datatype</c> (default FLOAT).</summary>
    public static DataType OutputType(Node node)
    {
        var type = OnnxElementTypes.FromAttribute(node, node.Attributes.GetInt("output_datatype", 1), "output_datatype");
        return type.IsFloatingPoint() ? type : throw node.Error($"attribute 'output_datatype' is {type}; a window or filter bank is FLOAT, FLOAT16 or DOUBLE.");
    }
}
