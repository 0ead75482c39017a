using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MelWeightMatrix (opsets 17–21): [dft_length / 2 + 1, num_mel_bins] triangular filters that map a onesided
/// spectrum to mel bins. The num_mel_bins + 2 band edges are spaced evenly on the mel scale mel(f) = 2595·log10(1 +
/// f/700) from lower_edge_hertz in steps of (mel(upper) − mel(lower)) / (num_mel_bins + 2), as the ONNX operator
/// defines them, and mapped to spectrum bins ⌊(dft_length + 1)·f / sample_rate⌋; filter i rises from edge i to i + 1
/// and falls to i + 2.
/// </summary>
public sealed class MelWeightMatrix : Operator
{
    /// <inheritdoc />
    public override string OpType => "MelWeightMatrix";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["output_datatype"];

    /// <inheritdoc />
    public override int MinInputs => 5;

    /// <inheritdoc />
    public override int MaxInputs => 5;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        long mels = SpectralKernel.ScalarInt(node, inputs, 0, "num_mel_bins");
        long dft = SpectralKernel.ScalarInt(node, inputs, 1, "dft_length");
        if (mels < 1 || dft < 1 || mels > 1 << 20 || dft > 1 << 24)
        {
            throw node.Error($"num_mel_bins {mels} and dft_length {dft} must be at least 1 (and of a sane size).");
        }

        return [new TensorInfo(SpectralKernel.OutputType(node), new TensorShape((int)(dft / 2) + 1, (int)mels))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var info = InferOutputs(node, OperatorInputs.Describe(inputs))[0];
        int bins = info.Shape[0], mels = info.Shape[1];
        long dft = RequireInput(node, inputs, 1).GetAsInt64(0), rate = RequireInput(node, inputs, 2).GetAsInt64(0);
        double lower = RequireInput(node, inputs, 3).GetAsDouble(0), upper = RequireInput(node, inputs, 4).GetAsDouble(0);
        if (rate < 1 || !(lower >= 0) || !(upper > lower))
        {
            throw node.Error($"sample_rate {rate} must be positive and 0 <= lower_edge_hertz {lower} < upper_edge_hertz {upper}.");
        }

        static double Mel(double hertz) => 2595 * Math.Log10(1 + (hertz / 700));
        double step = (Mel(upper) - Mel(lower)) / (mels + 2);
        var edges = new long[mels + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            double hertz = 700 * (Math.Pow(10, ((i * step) + Mel(lower)) / 2595) - 1);
            edges[i] = (long)Math.Floor((dft + 1) * hertz / rate);
        }

        var w = new double[bins * mels];
        for (int i = 0; i < mels; i++)
        {
            long left = edges[i], center = edges[i + 1], right = edges[i + 2];
            if (center == left)
            {
                Set(center, 1.0);
            }
            else
            {
                for (long j = left; j <= center; j++)
                {
                    Set(j, (double)(j - left) / (center - left));
                }
            }

            for (long j = center; j < right; j++)
            {
                Set(j, (double)(right - j) / (right - center));
            }

            void Set(long bin, double value)
            {
                if (bin < 0 || bin >= bins)
                {
                    throw node.Error($"mel band edge {bin} falls outside the {bins} spectrum bins (upper_edge_hertz above the Nyquist frequency?).");
                }

                w[(bin * mels) + i] = value;
            }
        }

        return [LossKernel.FromDoubles(info.Type, w, info.Shape)];
    }
}
