using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX DFT (opsets 17–21): the discrete Fourier transform of a real ([..., 1]) or complex ([..., 2]) signal along
/// <c>axis</c> (an attribute, default 1, before opset 20; input 2, default −2, from opset 20), with the optional
/// dft_length (input 1: zero-pads or truncates), <c>inverse</c> (÷ N) and <c>onesided</c> (the N/2 + 1 unique bins of a
/// real signal). The output is complex, [..., 2].
/// </summary>
public sealed class Dft : Operator
{
    /// <inheritdoc />
    public override string OpType => "DFT";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "inverse", "onesided"];

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var (x, axis, _, bins) = Plan(node, inputs);
        int[] dims = [.. x.Shape.Dimensions];
        dims[axis] = bins;
        dims[^1] = 2;
        return [new TensorInfo(x.Type, new TensorShape(dims))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (_, axis, length, bins) = Plan(node, OperatorInputs.Describe(inputs));
        var y = InferOutputs(node, OperatorInputs.Describe(inputs))[0].Shape;
        int n = x.Shape[axis], components = x.Shape[^1];
        int outer = OperatorInputs.Product(x.Shape.Dimensions, 0, axis), inner = OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank - 1);
        var result = new double[y.ElementCount];
        double[] re = new double[n], im = new double[n], outRe = new double[bins], outIm = new double[bins];
        bool inverse = node.Attributes.GetInt("inverse", 0) != 0;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                for (int t = 0; t < n; t++)
                {
                    int at = ((((o * n) + t) * inner) + i) * components;
                    re[t] = x.GetAsDouble(at);
                    im[t] = components == 2 ? x.GetAsDouble(at + 1) : 0;
                }

                SpectralKernel.Transform(re, im, length, bins, inverse, outRe, outIm);
                for (int k = 0; k < bins; k++)
                {
                    int at = ((((o * bins) + k) * inner) + i) * 2;
                    result[at] = outRe[k];
                    result[at + 1] = outIm[k];
                }
            }
        }

        return [LossKernel.FromDoubles(x.Type, result, y)];
    }

    private static (TensorInfo X, int Axis, int Length, int Bins) Plan(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (!x.Type.IsFloatingPoint() || x.Shape.Rank < 2 || x.Shape[^1] is not (1 or 2))
        {
            throw node.Error($"input 0 must be a floating-point signal [..., 1] (real) or [..., 2] (complex), found {x.Type}{x.Shape}.");
        }

        long axisValue = node.Opset >= 20
            ? (inputs.Count > 2 && inputs[2] is not null ? SpectralKernel.ScalarInt(node, inputs, 2, "axis") : -2)
            : node.Attributes.GetInt("axis", 1);
        if (node.Opset >= 20 && node.Attributes.ContainsKey("axis"))
        {
            throw node.Error("from opset 20 the axis is input 2, not an attribute.");
        }

        int axis = OperatorInputs.NormalizeAxis(node, axisValue, x.Shape.Rank, "axis");
        if (axis == x.Shape.Rank - 1)
        {
            throw node.Error($"axis {axisValue} is the real/imaginary axis; the transform runs over one of the signal's axes.");
        }

        long length = inputs.Count > 1 && inputs[1] is not null ? SpectralKernel.ScalarInt(node, inputs, 1, "dft_length") : x.Shape[axis];
        if (length < 1 || length > int.MaxValue)
        {
            throw node.Error($"dft_length is {length}; expected 1 or more.");
        }

        bool onesided = node.Attributes.GetInt("onesided", 0) != 0;
        if (onesided && (x.Shape[^1] == 2 || node.Attributes.GetInt("inverse", 0) != 0))
        {
            throw node.Error("onesided applies to the forward transform of a real signal ([..., 1]).");
        }

        return (x, axis, (int)length, onesided ? ((int)length / 2) + 1 : (int)length);
    }
}
