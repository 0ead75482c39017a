using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX RNN (opsets 7–21): Hₜ = f(xₜ·Wᵀ + Hₜ₋₁·Rᵀ + Wb + Rb), f = Tanh by default; see <see cref="RecurrentKernel"/>.</summary>
public sealed class Rnn : Operator, RecurrentKernel.ICell
{
    /// <inheritdoc />
    public override string OpType => "RNN";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => RecurrentKernel.CommonAttributes;

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 6;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Gates => 1;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Activations => 1;

    /// <inheritdoc />
    string[] RecurrentKernel.ICell.DefaultActivations => ["Tanh"];

    /// <inheritdoc />
    int RecurrentKernel.ICell.ExtraStates => 0;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => RecurrentKernel.Infer(node, inputs, this);

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => RecurrentKernel.Run(node, inputs, this, new(null, false, false));

    /// <inheritdoc />
    void RecurrentKernel.ICell.Step(ReadOnlySpan<double> xw, Span<double> h, Span<double> state, ReadOnlySpan<double> r, ReadOnlySpan<double> rb, Func<double, double>[] activations, double clip, int direction, RecurrentKernel.RecurrentInputs inputs)
    {
        Span<double> next = stackalloc double[h.Length];
        for (int k = 0; k < h.Length; k++)
        {
            next[k] = activations[0](RecurrentKernel.Clip(xw[k] + RecurrentKernel.Recurrent(h, r, k) + rb[k], clip));
        }

        next.CopyTo(h);
    }
}
