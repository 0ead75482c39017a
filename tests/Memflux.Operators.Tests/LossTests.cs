using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss against ONNX Runtime.</summary>
public class LossTests
{
    public static TheoryData<string, int[], bool, long?> Cases => new()
    {
        { "mean", new[] { 5, 4 }, false, null },
        { "sum", new[] { 5, 4 }, true, null },
        { "none", new[] { 3, 4, 2, 3 }, true, null },
        { "mean", new[] { 3, 4, 2, 3 }, true, 1L },
        { "mean", new[] { 2, 6, 5 }, false, 2L },
        { "none", new[] { 1, 3 }, false, 0L },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Nll_matches_ort(string reduction, int[] dims, bool weighted, long? ignore)
    {
        var model = Build("NegativeLogLikelihoodLoss", dims, reduction, weighted, ignore, DataType.Int64, outputs: 1);
        OperatorCheck.MatchesOrt(model, Inputs(dims, DataType.Int64), 1e-6f, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Softmax_cross_entropy_and_its_log_prob_match_ort(string reduction, int[] dims, bool weighted, long? ignore)
    {
        var model = Build("SoftmaxCrossEntropyLoss", dims, reduction, weighted, ignore, DataType.Int32, outputs: 2);
        OperatorCheck.MatchesOrt(model, Inputs(dims, DataType.Int32), 1e-6f, 1e-5f);
    }

    [Fact]
    public void A_target_out_of_range_is_a_clear_error()
    {
        var model = Build("NegativeLogLikelihoodLoss", [2, 3], "mean", false, null, DataType.Int64, outputs: 1);
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, [2, 3]), ["t"] = Tensor.FromInt64([0, 3], new TensorShape(2)) };
        OperatorCheck.RunFails(model, inputs, "target 3 (at position 1 of input 1) is out of range for 3 classes");
        var badShape = new OnnxModelBuilder(13).Input("x", [2, 3]).Input("t", [3], DataType.Int64).Node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(badShape, "must be [N, C, d...]");
        var badReduction = new OnnxModelBuilder(13).Input("x", [2, 3]).Input("t", [2], DataType.Int64).Node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"], ("reduction", "max")).Output("y").Build();
        OperatorCheck.ImportFails(badReduction, "'reduction' is \"max\"");
    }

    private static byte[] Build(string op, int[] dims, string reduction, bool weighted, long? ignore, DataType targetType, int outputs)
    {
        int[] target = [dims[0], .. dims[2..]];
        var b = new OnnxModelBuilder(13).Input("x", dims).Input("t", target, targetType);
        if (weighted)
        {
            b.Initializer("w", RandomTensors.Uniform(9, [dims[1]], 0.2f, 2f));
        }

        var attributes = new List<(string, object)> { ("reduction", reduction) };
        if (ignore is long i)
        {
            attributes.Add(("ignore_index", i));
        }

        string[] outs = outputs == 2 ? ["y", "log_prob"] : ["y"];
        b.Node(op, weighted ? ["x", "t", "w"] : ["x", "t"], outs, [.. attributes]).Output("y");
        if (outputs == 2)
        {
            b.Output("log_prob");
        }

        return b.Build();
    }

    private static Dictionary<string, Tensor> Inputs(int[] dims, DataType targetType)
    {
        int[] target = [dims[0], .. dims[2..]];
        var t = RandomTensors.UniformInt64(4, target, 0, dims[1] - 1);
        return new Dictionary<string, Tensor>
        {
            ["x"] = RandomTensors.Uniform(3, dims, -3f, 3f),
            ["t"] = targetType == DataType.Int64 ? t : Tensor.From(t.Int64.ToArray().Select(v => (int)v).ToArray(), t.Shape),
        };
    }
}
