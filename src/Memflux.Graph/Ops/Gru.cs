using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GRU (opsets 7–21), gates z, r, h in that order: zₜ = f(xW_z + HR_z + b), rₜ = f(xW_r + HR_r + b),
/// hₜ = g(xW_h + (rₜ ⊙ Hₜ₋₁)R_h + Rb_h + Wb_h), or with linear_before_reset g(xW_h + rₜ ⊙ (Hₜ₋₁R_h + Rb_h) + Wb_h);
/// Hₜ = (1 − zₜ) ⊙ hₜ + zₜ ⊙ Hₜ₋₁. f = Sigmoid, g = Tanh by default; see <see cref="RecurrentKernel"/>.
/// </summary>
public sealed class Gru : Operator, RecurrentKernel.ICell
{
    /// <inheritdoc />
    public override string OpType => "GRU";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. RecurrentKernel.CommonAttributes, "linear_before_reset"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 6;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Gates => 3;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Activations => 2;

    /// <inheritdoc />
    string[] RecurrentKernel.ICell.DefaultActivations => ["Sigmoid", "Tanh"];

    /// <inheritdoc />
    int RecurrentKernel.ICell.ExtraStates => 0;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => RecurrentKernel.Infer(node, inputs, this);

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        RecurrentKernel.Run(node, inputs, this, new(null, false, node.Attributes.GetInt("linear_before_reset", 0) != 0));

    /// <inheritdoc />
    void RecurrentKernel.ICell.Step(ReadOnlySpan<double> xw, Span<double> h, Span<double> state, ReadOnlySpan<double> r, ReadOnlySpan<double> rb, Func<double, double>[] activations, double clip, int direction, RecurrentKernel.RecurrentInputs inputs)
    {
        int hidden = h.Length;
        Span<double> z = stackalloc double[hidden];
        Span<double> reset = stackalloc double[hidden];
        Span<double> gated = stackalloc double[hidden];
        for (int k = 0; k < hidden; k++)
        {
            z[k] = activations[0](RecurrentKernel.Clip(xw[k] + RecurrentKernel.Recurrent(h, r, k) + rb[k], clip));
            reset[k] = activations[0](RecurrentKernel.Clip(xw[hidden + k] + RecurrentKernel.Recurrent(h, r, hidden + k) + rb[hidden + k], clip));
            gated[k] = reset[k] * h[k];
        }

        Span<double> next = stackalloc double[hidden];
        for (int k = 0; k < hidden; k++)
        {
            int row = (2 * hidden) + k;
            double candidate = inputs.LinearBeforeReset
                ? xw[row] + (reset[k] * (RecurrentKernel.Recurrent(h, r, row) + rb[row]))
                : xw[row] + RecurrentKernel.Recurrent(gated, r, row) + rb[row];
            double hk = activations[1](RecurrentKernel.Clip(candidate, clip));
            next[k] = ((1 - z[k]) * hk) + (z[k] * h[k]);
        }

        next.CopyTo(h);
    }
}
