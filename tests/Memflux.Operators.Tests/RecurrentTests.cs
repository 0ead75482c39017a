using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// RNN, GRU and LSTM against ONNX Runtime: directions, biases, initial states, peepholes, sequence lengths. ONNX Runtime
/// has no batch-first layout (layout = 1); ONNX's backend tests (test_*_batchwise in the conformance suite) check it.
/// </summary>
public class RecurrentTests
{
    public static TheoryData<string, string, bool, bool, int> Cases => new()
    {
        // op, direction, biases + initial state, sequence_lens, layout
        { "RNN", "forward", false, false, 0 },
        { "RNN", "bidirectional", true, true, 0 },
        { "GRU", "forward", true, false, 0 },
        { "GRU", "reverse", true, true, 0 },
        { "GRU", "bidirectional", false, false, 0 },
        { "LSTM", "forward", false, false, 0 },
        { "LSTM", "reverse", true, false, 0 },
        { "LSTM", "bidirectional", true, true, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_ort(string op, string direction, bool full, bool lengths, int layout)
    {
        const int seq = 5, batch = 3, size = 4, hidden = 6;
        int gates = op switch { "RNN" => 1, "GRU" => 3, _ => 4 }, dirs = direction == "bidirectional" ? 2 : 1;
        int[] x = layout == 0 ? [seq, batch, size] : [batch, seq, size];
        int[] stateDims = layout == 0 ? [dirs, batch, hidden] : [batch, dirs, hidden];
        var b = new OnnxModelBuilder(14).Input("x", x)
            .Initializer("w", RandomTensors.Uniform(1, [dirs, gates * hidden, size], -0.5f, 0.5f))
            .Initializer("r", RandomTensors.Uniform(2, [dirs, gates * hidden, hidden], -0.5f, 0.5f));
        var inputs = new List<string> { "x", "w", "r" };
        if (full)
        {
            b.Initializer("b", RandomTensors.Uniform(3, [dirs, 2 * gates * hidden], -0.3f, 0.3f));
            inputs.Add("b");
        }

        if (lengths)
        {
            b.Initializer("lens", Tensor.From(new[] { 5, 2, 4 }, new TensorShape(batch)));
        }

        if (full || lengths)
        {
            inputs.Add(lengths ? "lens" : "");
        }

        if (full)
        {
            b.Initializer("h0", RandomTensors.Uniform(4, stateDims, -0.5f, 0.5f));
            inputs.Add("h0");
            if (op == "LSTM")
            {
                b.Initializer("c0", RandomTensors.Uniform(5, stateDims, -0.5f, 0.5f)).Initializer("p", RandomTensors.Uniform(6, [dirs, 3 * hidden], -0.5f, 0.5f));
                inputs.AddRange(["c0", "p"]);
            }
        }

        string[] outputs = op == "LSTM" ? ["y", "yh", "yc"] : ["y", "yh"];
        b.Node(op, [.. inputs], outputs, ("hidden_size", (long)hidden), ("direction", direction), ("layout", (long)layout));
        foreach (string o in outputs)
        {
            b.Output(o);
        }

        OperatorCheck.MatchesOrt(b.Build(), Feeds.X(x), 1e-5f, 1e-4f);
    }

    [Theory]
    [InlineData("GRU", new[] { "Relu", "Tanh" }, 1L)]
    [InlineData("LSTM", new[] { "HardSigmoid", "Tanh", "Softsign" }, 0L)]
    [InlineData("RNN", new[] { "Relu" }, 0L)]
    public void Activations_clip_and_linear_before_reset_match_ort(string op, string[] activations, long linearBeforeReset)
    {
        int gates = op switch { "RNN" => 1, "GRU" => 3, _ => 4 };
        var b = new OnnxModelBuilder(14).Input("x", [4, 2, 3])
            .Initializer("w", RandomTensors.Uniform(1, [1, gates * 5, 3])).Initializer("r", RandomTensors.Uniform(2, [1, gates * 5, 5]));
        var attributes = new List<(string, object)> { ("hidden_size", 5L), ("activations", activations), ("clip", 1.5f) };
        if (op == "GRU")
        {
            attributes.Add(("linear_before_reset", linearBeforeReset));
        }

        b.Node(op, ["x", "w", "r"], ["y", "yh"], [.. attributes]).Output("y").Output("yh");
        OperatorCheck.MatchesOrt(b.Build(), Feeds.X([4, 2, 3]), 1e-5f, 1e-4f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var noHidden = new OnnxModelBuilder(14).Input("x", [2, 1, 3]).Initializer("w", RandomTensors.Uniform(1, [1, 4, 3])).Initializer("r", RandomTensors.Uniform(1, [1, 4, 4]))
            .Node("RNN", ["x", "w", "r"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(noHidden, "'hidden_size' must be given");
        var wrongW = new OnnxModelBuilder(14).Input("x", [2, 1, 3]).Initializer("w", RandomTensors.Uniform(1, [1, 5, 3])).Initializer("r", RandomTensors.Uniform(1, [1, 4, 4]))
            .Node("RNN", ["x", "w", "r"], ["y"], ("hidden_size", 4L)).Output("y").Build();
        OperatorCheck.ImportFails(wrongW, "input 1 (W) must be Float32[1,4,3]");
        var badActivation = new OnnxModelBuilder(14).Input("x", [2, 1, 3]).Initializer("w", RandomTensors.Uniform(1, [1, 4, 3])).Initializer("r", RandomTensors.Uniform(1, [1, 4, 4]))
            .Node("RNN", ["x", "w", "r"], ["y"], ("hidden_size", 4L), ("activations", new[] { "Gelu" })).Output("y").Build();
        OperatorCheck.RunFails(badActivation, Feeds.X([2, 1, 3]), "activation \"Gelu\" is not supported");
    }
}
