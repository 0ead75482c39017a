using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX SoftmaxCrossEntropyLoss (opsets 12–21): log_prob = LogSoftmax over the class axis 1 of scores [N, C, d…],
/// then the loss of <see cref="LossKernel"/> at the labels; the optional second output is log_prob.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss : Operator
{
    /// <inheritdoc />
    public override string OpType => "SoftmaxCrossEntropyLoss";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => LossKernel.Attributes;

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var scores = RequireInput(node, inputs, 0);
        var loss = LossKernel.Infer(node, scores, RequireInput(node, inputs, 1), inputs.Count > 2 ? inputs[2] : null);
        return [loss, new TensorInfo(scores.Type, scores.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var scores = RequireInput(node, inputs, 0);
        var logProb = LogSoftmaxOverClasses(scores);
        return [LossKernel.Run(node, logProb, RequireInput(node, inputs, 1), inputs.Count > 2 ? inputs[2] : null), logProb];
    }

    /// <summary>log softmax over axis 1 of [N, C, d…], in fp64, rounded to the scores' type.</summary>
    private static Tensor LogSoftmaxOverClasses(Tensor scores)
    {
        int n = scores.Shape[0], classes = scores.Shape[1];
        int inner = n == 0 || classes == 0 ? 0 : scores.Length / (n * classes);
        var y = new double[scores.Length];
        for (int b = 0; b < n; b++)
        {
            for (int d = 0; d < inner; d++)
            {
                int at(int c) => (((b * classes) + c) * inner) + d;
                double max = double.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    max = Math.Max(max, scores.GetAsDouble(at(c)));
                }

                double sum = 0;
                for (int c = 0; c < classes; c++)
                {
                    sum += Math.Exp(scores.GetAsDouble(at(c)) - max);
                }

                double log = Math.Log(sum);
                for (int c = 0; c < classes; c++)
                {
                    y[at(c)] = scores.GetAsDouble(at(c)) - max - log;
                }
            }
        }

        return LossKernel.FromDoubles(scores.Type, y, scores.Shape);
    }
}
