using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX STFT (opsets 17–21): frames of frame_length samples every frame_step of a real ([batch, length, 1]) or complex
/// ([batch, length, 2]) signal, each multiplied by the window (input 2, default all ones) and transformed; the
/// output is [batch, frames, bins, 2] with frames = ⌊(length − frame_length) / frame_step⌋ + 1 and bins =
/// frame_length / 2 + 1 when <c>onesided</c> (the default, real signals) else frame_length.
/// </summary>
public sealed class Stft : Operator
{
    /// <inheritdoc />
    public override string OpType => "STFT";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["onesided"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 4;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var p = Plan(node, inputs);
        return [new TensorInfo(p.Signal.Type, new TensorShape(p.Signal.Shape[0], p.Frames, p.Bins, 2))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var p = Plan(node, OperatorInputs.Describe(inputs));
        var window = inputs.Count > 2 ? inputs[2] : null;
        int batch = x.Shape[0], length = x.Shape[1], components = x.Shape[2];
        var result = new double[batch * p.Frames * p.Bins * 2];
        double[] re = new double[p.FrameLength], im = new double[p.FrameLength], outRe = new double[p.Bins], outIm = new double[p.Bins];
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < p.Frames; f++)
            {
                for (int t = 0; t < p.FrameLength; t++)
                {
                    int at = (((b * length) + (f * p.Step) + t) * components);
                    double w = window?.GetAsDouble(t) ?? 1;
                    re[t] = x.GetAsDouble(at) * w;
                    im[t] = components == 2 ? x.GetAsDouble(at + 1) * w : 0;
                }

                SpectralKernel.Transform(re, im, p.FrameLength, p.Bins, inverse: false, outRe, outIm);
                for (int k = 0; k < p.Bins; k++)
                {
                    int at = ((((b * p.Frames) + f) * p.Bins) + k) * 2;
                    result[at] = outRe[k];
                    result[at + 1] = outIm[k];
                }
            }
        }

        return [LossKernel.FromDoubles(x.Type, result, new TensorShape(batch, p.Frames, p.Bins, 2))];
    }

    private static (TensorInfo Signal, int Step, int FrameLength, int Frames, int Bins) Plan(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (!x.Type.IsFloatingPoint() || x.Shape.Rank != 3 || x.Shape[2] is not (1 or 2))
        {
            throw node.Error($"input 0 (signal) must be a floating-point [batch, length, 1 or 2], found {x.Type}{x.Shape}.");
        }

        long step = SpectralKernel.ScalarInt(node, inputs, 1, "frame_step");
        var window = inputs.Count > 2 ? inputs[2] : null;
        long? given = inputs.Count > 3 && inputs[3] is not null ? SpectralKernel.ScalarInt(node, inputs, 3, "frame_length") : null;
        if (window is not null && (window.Shape.Rank != 1 || (given is long g && g != window.Shape[0])))
        {
            throw node.Error($"input 2 (window) must be 1-D{(given is null ? "" : $" of frame_length {given}")}, found {window.Shape}.");
        }

        long frameLength = given ?? window?.Shape[0] ?? throw node.Error("needs input 2 (window) or input 3 (frame_length) to know the frame length.");
        if (step < 1 || frameLength < 1 || frameLength > x.Shape[1])
        {
            throw node.Error($"frame_step {step} and frame_length {frameLength} must be at least 1, and the frame no longer than the signal ({x.Shape[1]}).");
        }

        bool onesided = node.Attributes.GetInt("onesided", 1) != 0;
        if (onesided && x.Shape[2] == 2)
        {
            throw node.Error("onesided (the default) applies to real signals ([batch, length, 1]); set onesided = 0 for a complex signal.");
        }

        int frames = (int)((x.Shape[1] - frameLength) / step) + 1;

        // A step past the signal gives one frame and is never walked; (int) would wrap it.
        return (x, (int)Math.Min(step, x.Shape[1]), (int)frameLength, frames, onesided ? ((int)frameLength / 2) + 1 : (int)frameLength);
    }
}
