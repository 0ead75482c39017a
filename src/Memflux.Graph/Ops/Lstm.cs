using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX LSTM (opsets 7–21), gates i, o, f, c in that order and peepholes P [dirs, 3·H] for i, o, f:
/// iₜ = f(xW_i + HR_i + P_i ⊙ Cₜ₋₁ + b), fₜ = f(xW_f + HR_f + P_f ⊙ Cₜ₋₁ + b) (1 − iₜ with input_forget),
/// cₜ = g(xW_c + HR_c + b), Cₜ = fₜ ⊙ Cₜ₋₁ + iₜ ⊙ cₜ, oₜ = f(xW_o + HR_o + P_o ⊙ Cₜ + b), Hₜ = oₜ ⊙ h(Cₜ);
/// f = Sigmoid, g = h = Tanh by default. Inputs 5–7 are initial_h, initial_c, P; outputs Y, Y_h, Y_c.
/// </summary>
public sealed class Lstm : Operator, RecurrentKernel.ICell
{
    /// <inheritdoc />
    public override string OpType => "LSTM";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. RecurrentKernel.CommonAttributes, "input_forget"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 8;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Gates => 4;

    /// <inheritdoc />
    int RecurrentKernel.ICell.Activations => 3;

    /// <inheritdoc />
    string[] RecurrentKernel.ICell.DefaultActivations => ["Sigmoid", "Tanh", "Tanh"];

    /// <inheritdoc />
    int RecurrentKernel.ICell.ExtraStates => 1;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var infos = RecurrentKernel.Infer(node, inputs, this);
        if (inputs.Count > 7 && inputs[7] is { } p && (p.Type != infos[0].Type || p.Shape.Rank != 2 || p.Shape[1] != 3 * infos[0].Shape[^1]))
        {
            throw node.Error($"input 7 (P) must be {infos[0].Type}[dirs, {3 * infos[0].Shape[^1]}], found {p.Type}{p.Shape}.");
        }

        return infos;
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        double[]? peepholes = null;
        if (inputs.Count > 7 && inputs[7] is { } p)
        {
            peepholes = new double[p.Length];
            for (int i = 0; i < peepholes.Length; i++)
            {
                peepholes[i] = p.GetAsDouble(i);
            }
        }

        return RecurrentKernel.Run(node, inputs, this, new(peepholes, node.Attributes.GetInt("input_forget", 0) != 0, false));
    }

    /// <inheritdoc />
    void RecurrentKernel.ICell.Step(ReadOnlySpan<double> xw, Span<double> h, Span<double> state, ReadOnlySpan<double> r, ReadOnlySpan<double> rb, Func<double, double>[] activations, double clip, int direction, RecurrentKernel.RecurrentInputs inputs)
    {
        int hidden = h.Length;
        var p = inputs.Peepholes is null ? ReadOnlySpan<double>.Empty : inputs.Peepholes.AsSpan(direction * 3 * hidden, 3 * hidden);
        Span<double> pre = stackalloc double[4 * hidden]; // gate pre-activations from x and Hₜ₋₁, order i, o, f, c
        for (int row = 0; row < pre.Length; row++)
        {
            pre[row] = xw[row] + RecurrentKernel.Recurrent(h, r, row) + rb[row];
        }

        Span<double> next = stackalloc double[hidden];
        for (int k = 0; k < hidden; k++)
        {
            double c = state[k];
            double i = activations[0](RecurrentKernel.Clip(pre[k] + (p.IsEmpty ? 0 : p[k] * c), clip));
            double f = inputs.InputForget ? 1 - i : activations[0](RecurrentKernel.Clip(pre[(2 * hidden) + k] + (p.IsEmpty ? 0 : p[(2 * hidden) + k] * c), clip));
            double candidate = activations[1](RecurrentKernel.Clip(pre[(3 * hidden) + k], clip));
            double cell = (f * c) + (i * candidate);
            double o = activations[0](RecurrentKernel.Clip(pre[hidden + k] + (p.IsEmpty ? 0 : p[hidden + k] * cell), clip));
            state[k] = cell;
            next[k] = o * activations[2](cell);
        }

        next.CopyTo(h);
    }
}
