using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// A generalized cosine window op (opsets 17–21): w[n] = Σₖ (−1)ᵏ aₖ cos(2πkn/D) for n &lt; size, D = size (periodic,
/// the default) or size − 1; the coefficients aₖ make the window (Hann, Hamming, Blackman).
/// </summary>
public abstract class CosineWindowOperator : Operator
{
    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["output_datatype", "periodic"];

    /// <summary>The coefficients a₀, a₁, … of the window.</summary>
    protected abstract double[] Coefficients { get; }

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        long size = SpectralKernel.ScalarInt(node, inputs, 0, "size");
        return size is < 0 or > int.MaxValue
            ? throw node.Error($"input 0 (size) is {size}; expected 0 or more.")
            : [new TensorInfo(SpectralKernel.OutputType(node), new TensorShape((int)size))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var info = InferOutputs(node, OperatorInputs.Describe(inputs))[0];
        bool periodic = node.Attributes.GetInt("periodic", 1) != 0;
        return [LossKernel.FromDoubles(info.Type, SpectralKernel.CosineWindow(info.Shape[0], periodic, Coefficients), info.Shape)];
    }
}
