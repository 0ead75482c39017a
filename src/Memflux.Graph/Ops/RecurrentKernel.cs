using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The loop shared by ONNX RNN, GRU and LSTM (opsets 7–21): X [seq, batch, input] (layout 1: [batch, seq, input]),
/// W [dirs, gates·H, input], R [dirs, gates·H, H], B [dirs, 2·gates·H] (input then recurrent biases), optional
/// sequence_lens [batch] (steps past a row's length leave its state alone and give zeros in Y), initial_h
/// [dirs, batch, H]; outputs Y [seq, dirs, batch, H] (layout 1: [batch, seq, dirs, H]) and Y_h [dirs, batch, H]
/// (layout 1: [batch, dirs, H]); a cell adds its own state (LSTM's c). Computed in fp64, rounded to the input's type.
/// </summary>
internal static class RecurrentKernel
{
    /// <summary>The attributes every recurrent op takes; cells add theirs.</summary>
    public static readonly string[] CommonAttributes = ["activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size", "layout"];

    /// <summary>What one kind of cell does per step; <see cref="Gates"/> blocks of H rows in W and R.</summary>
    public interface ICell
    {
        /// <summary>Gate blocks in W, R and each half of B (RNN 1, GRU 3, LSTM 4).</summary>
        int Gates { get; }

        /// <summary>Activations per direction (RNN 1, GRU 2, LSTM 3).</summary>
        int Activations { get; }

        /// <summary>The default activations.</summary>
        string[] DefaultActivations { get; }

        /// <summary>Extra states beside h (LSTM's c).</summary>
        int ExtraStates { get; }

        /// <summary>
        /// One step for one batch row: <paramref name="xw"/> = x·Wᵀ + Wb (gates·H values), <paramref name="h"/> and
        /// <paramref name="state"/> the previous states (updated in place), <paramref name="r"/> the direction's
        /// recurrent weights [gates·H, H], <paramref name="rb"/> its recurrent bias.
        /// </summary>
        void Step(ReadOnlySpan<double> xw, Span<double> h, Span<double> state, ReadOnlySpan<double> r, ReadOnlySpan<double> rb, Func<double, double>[] activations, double clip, int direction, RecurrentInputs inputs);
    }

    /// <summary>Inputs a cell may read beyond W, R, B (LSTM's peepholes).</summary>
    public sealed record RecurrentInputs(double[]? Peepholes, bool InputForget, bool LinearBeforeReset);

    /// <summary>Checks the node and returns Y, Y_h (and the cell's extra states) infos.</summary>
    public static IReadOnlyList<TensorInfo> Infer(Node node, IReadOnlyList<TensorInfo?> inputs, ICell cell)
    {
        var x = inputs[0] ?? throw node.Error("input 0 (X) is required but missing.");
        var w = inputs[1] ?? throw node.Error("input 1 (W) is required but missing.");
        var (dirs, hidden, layout) = Attributes(node, cell);
        if (!x.Type.IsFloatingPoint() || x.Shape.Rank != 3)
        {
            throw node.Error($"input 0 (X) must be a floating-point [seq, batch, input] tensor, found {x.Type}{x.Shape}.");
        }

        int seq = x.Shape[layout == 0 ? 0 : 1], batch = x.Shape[layout == 0 ? 1 : 0], size = x.Shape[2];
        Expect(node, w, 1, "W", x.Type, dirs, cell.Gates * hidden, size);
        Expect(node, inputs[2], 2, "R", x.Type, dirs, cell.Gates * hidden, hidden);
        if (inputs.Count > 3 && inputs[3] is { } b)
        {
            Expect(node, b, 3, "B", x.Type, dirs, 2 * cell.Gates * hidden);
        }

        if (inputs.Count > 4 && inputs[4] is { } lengths && (lengths.Type is not (DataType.Int32 or DataType.Int64) || lengths.Shape.Rank != 1 || lengths.Shape[0] != batch))
        {
            throw node.Error($"input 4 (sequence_lens) must be int32[{batch}], found {lengths.Type}{lengths.Shape}.");
        }

        for (int s = 0; s <= cell.ExtraStates; s++)
        {
            if (inputs.Count > 5 + s && inputs[5 + s] is { } initial)
            {
                int[] dims = layout == 0 ? [dirs, batch, hidden] : [batch, dirs, hidden];
                Expect(node, initial, 5 + s, s == 0 ? "initial_h" : "initial_c", x.Type, dims);
            }
        }

        var y = new TensorShape(layout == 0 ? [seq, dirs, batch, hidden] : [batch, seq, dirs, hidden]);
        var state = new TensorShape(layout == 0 ? [dirs, batch, hidden] : [batch, dirs, hidden]);
        return [new TensorInfo(x.Type, y), .. Enumerable.Range(0, 1 + cell.ExtraStates).Select(_ => new TensorInfo(x.Type, state))];
    }

    /// <summary>Runs the recurrence; returns Y, Y_h and the cell's extra final states.</summary>
    public static Tensor[] Run(Node node, IReadOnlyList<Tensor?> inputs, ICell cell, RecurrentInputs extra)
    {
        var x = inputs[0]!;
        var infos = Infer(node, OperatorInputs.Describe(inputs), cell);
        var (dirs, hidden, layout) = Attributes(node, cell);
        int seq = x.Shape[layout == 0 ? 0 : 1], batch = x.Shape[layout == 0 ? 1 : 0], size = x.Shape[2], gates = cell.Gates * hidden;
        double[] w = Doubles(inputs[1]!), r = Doubles(inputs[2]!);
        double[]? b = inputs.Count > 3 && inputs[3] is { } bias ? Doubles(bias) : null;
        var lengths = inputs.Count > 4 && inputs[4] is { } l ? OperatorInputs.ToInt64s(l) : null;
        var activations = Activations(node, cell, dirs);
        double clip = node.Attributes.GetFloat("clip", float.PositiveInfinity);
        string direction = node.Attributes.GetString("direction", "forward");

        var y = new double[infos[0].Shape.ElementCount];
        var finals = Enumerable.Range(0, 1 + cell.ExtraStates).Select(_ => new double[dirs * batch * hidden]).ToArray();
        var xw = new double[gates];
        for (int d = 0; d < dirs; d++)
        {
            bool reverse = direction == "reverse" || d == 1;
            var wd = w.AsSpan(d * gates * size, gates * size);
            var rd = r.AsSpan(d * gates * hidden, gates * hidden);
            var wb = b is null ? new double[gates] : b.AsSpan(d * 2 * gates, gates).ToArray();
            var rb = b is null ? new double[gates] : b.AsSpan((d * 2 * gates) + gates, gates).ToArray();
            var fs = activations[(d * cell.Activations)..((d + 1) * cell.Activations)];
            for (int n = 0; n < batch; n++)
            {
                var h = new double[hidden];
                var state = new double[hidden * cell.ExtraStates];
                for (int s = 0; s <= cell.ExtraStates; s++)
                {
                    if (inputs.Count > 5 + s && inputs[5 + s] is { } initial)
                    {
                        var target = s == 0 ? h.AsSpan() : state.AsSpan((s - 1) * hidden, hidden);
                        for (int k = 0; k < hidden; k++)
                        {
                            target[k] = initial.GetAsDouble(StateIndex(layout, d, n, k, dirs, batch, hidden));
                        }
                    }
                }

                int steps = lengths is null ? seq : (int)Math.Clamp(lengths[n], 0, seq);
                for (int i = 0; i < steps; i++)
                {
                    int t = reverse ? steps - 1 - i : i;
                    for (int g = 0; g < gates; g++)
                    {
                        double sum = wb[g];
                        for (int k = 0; k < size; k++)
                        {
                            sum += x.GetAsDouble(XIndex(layout, t, n, k, seq, batch, size)) * wd[(g * size) + k];
                        }

                        xw[g] = sum;
                    }

                    cell.Step(xw, h, state, rd, rb, fs, clip, d, extra);
                    for (int k = 0; k < hidden; k++)
                    {
                        y[layout == 0 ? (((((t * dirs) + d) * batch) + n) * hidden) + k : (((((n * seq) + t) * dirs) + d) * hidden) + k] = h[k];
                    }
                }

                for (int k = 0; k < hidden; k++)
                {
                    finals[0][StateIndex(layout, d, n, k, dirs, batch, hidden)] = h[k];
                    for (int s = 1; s <= cell.ExtraStates; s++)
                    {
                        finals[s][StateIndex(layout, d, n, k, dirs, batch, hidden)] = state[((s - 1) * hidden) + k];
                    }
                }
            }
        }

        return [LossKernel.FromDoubles(x.Type, y, infos[0].Shape), .. finals.Select(f => LossKernel.FromDoubles(x.Type, f, infos[1].Shape))];
    }

    /// <summary>Applies the clip to a gate's pre-activation, as ONNX's <c>clip</c> attribute says.</summary>
    public static double Clip(double v, double clip) => Math.Clamp(v, -clip, clip);

    /// <summary>Σₖ h[k]·R[row, k].</summary>
    public static double Recurrent(ReadOnlySpan<double> h, ReadOnlySpan<double> r, int row)
    {
        double sum = 0;
        var weights = r.Slice(row * h.Length, h.Length);
        for (int k = 0; k < h.Length; k++)
        {
            sum += h[k] * weights[k];
        }

        return sum;
    }

    private static int XIndex(int layout, int t, int n, int k, int seq, int batch, int size) =>
        layout == 0 ? (((t * batch) + n) * size) + k : (((n * seq) + t) * size) + k;

    private static int StateIndex(int layout, int d, int n, int k, int dirs, int batch, int hidden) =>
        layout == 0 ? (((d * batch) + n) * hidden) + k : (((n * dirs) + d) * hidden) + k;

    private static (int Dirs, int Hidden, int Layout) Attributes(Node node, ICell cell)
    {
        string direction = node.Attributes.GetString("direction", "forward");
        int dirs = direction switch
        {
            "forward" or "reverse" => 1,
            "bidirectional" => 2,
            _ => throw node.Error($"attribute 'direction' is \"{direction}\"; expected forward, reverse or bidirectional."),
        };
        long hidden = node.Attributes.GetInt("hidden_size", 0);
        if (hidden < 1 || hidden > int.MaxValue)
        {
            throw node.Error($"attribute 'hidden_size' must be given and at least 1, found {hidden}.");
        }

        long layout = node.Attributes.GetInt("layout", 0);
        if (layout is not (0 or 1) || (layout == 1 && node.Opset < 14))
        {
            throw node.Error($"attribute 'layout' is {layout}; expected 0, or 1 from opset 14.");
        }

        if (node.Attributes.GetFloat("clip", 1f) <= 0)
        {
            throw node.Error("attribute 'clip' must be positive.");
        }

        return (dirs, (int)hidden, (int)layout);
    }

    private static Func<double, double>[] Activations(Node node, ICell cell, int dirs)
    {
        var names = node.Attributes.GetStrings("activations") ?? [.. Enumerable.Range(0, dirs).SelectMany(_ => cell.DefaultActivations)];
        if (names.Count != dirs * cell.Activations)
        {
            throw node.Error($"attribute 'activations' lists {names.Count}; expected {cell.Activations} per direction ({dirs * cell.Activations}).");
        }

        var alphas = node.Attributes.GetFloats("activation_alpha") ?? [];
        var betas = node.Attributes.GetFloats("activation_beta") ?? [];
        int next = 0;
        var result = new Func<double, double>[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            bool parametric = name is "Affine" or "LeakyRelu" or "ThresholdedRelu" or "ScaledTanh" or "HardSigmoid" or "Elu";
            double alpha = parametric && next < alphas.Count ? alphas[next] : DefaultAlpha(name);
            double beta = parametric && next < betas.Count ? betas[next] : DefaultBeta(name);
            next += parametric ? 1 : 0;
            result[i] = name switch
            {
                "Relu" => v => Math.Max(v, 0),
                "Tanh" => Math.Tanh,
                "Sigmoid" => v => 1 / (1 + Math.Exp(-v)),
                "Affine" => v => (alpha * v) + beta,
                "LeakyRelu" => v => v >= 0 ? v : alpha * v,
                "ThresholdedRelu" => v => v > alpha ? v : 0,
                "ScaledTanh" => v => alpha * Math.Tanh(beta * v),
                "HardSigmoid" => v => Math.Clamp((alpha * v) + beta, 0, 1),
                "Elu" => v => v >= 0 ? v : alpha * (Math.Exp(v) - 1),
                "Softsign" => v => v / (1 + Math.Abs(v)),
                "Softplus" => v => Math.Log(1 + Math.Exp(v)),
                _ => throw node.Error($"activation \"{name}\" is not supported (supported: Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus)."),
            };
        }

        return result;
    }

    private static double DefaultAlpha(string name) => name switch
    {
        "LeakyRelu" => 0.01,
        "ThresholdedRelu" or "Elu" or "ScaledTanh" or "Affine" => 1.0,
        "HardSigmoid" => 0.2,
        _ => 0,
    };

    private static double DefaultBeta(string name) => name switch
    {
        "HardSigmoid" => 0.5,
        "ScaledTanh" => 1.0,
        _ => 0,
    };

    private static void Expect(Node node, TensorInfo? info, int index, string name, DataType type, params int[] dims)
    {
        if (info is null)
        {
            throw node.Error($"input {index} ({name}) is required but missing.");
        }

        if (info.Type != type || !info.Shape.Dimensions.SequenceEqual(dims))
        {
            throw node.Error($"input {index} ({name}) must be {type}[{string.Join(",", dims)}], found {info.Type}{info.Shape}.");
        }
    }

    private static double[] Doubles(Tensor t)
    {
        var values = new double[t.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = t.GetAsDouble(i);
        }

        return values;
    }
}
