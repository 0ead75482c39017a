using Memflux.Numerics;
using Memflux.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace Memflux.Benchmarks;

/// <summary>An ONNX Runtime session on a one-node Conv model (weight and bias as initializers), default threading.</summary>
public sealed class OrtConv : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _input;
    private readonly OrtValue _output;

    public OrtConv(in Conv2DGeometry g, float[] x, float[] w, float[] bias, float[] y)
    {
        int[] weightDims = [g.OutChannels, g.InChannelsPerGroup, g.KernelHeight, g.KernelWidth];
        byte[] model = new OnnxModelBuilder()
            .Input("X", [g.Batch, g.InChannels, g.InHeight, g.InWidth])
            .Initializer("W", Tensor.FromFloat32(w, new TensorShape(weightDims)), raw: true)
            .Initializer("B", Tensor.FromFloat32(bias, new TensorShape(g.OutChannels)), raw: true)
            .Node(
                "Conv",
                ["X", "W", "B"],
                ["Y"],
                ("kernel_shape", new[] { g.KernelHeight, g.KernelWidth }),
                ("strides", new[] { g.StrideHeight, g.StrideWidth }),
                ("pads", new[] { g.PadTop, g.PadLeft, g.PadBottom, g.PadRight }),
                ("dilations", new[] { g.DilationHeight, g.DilationWidth }),
                ("group", g.Groups))
            .Output("Y")
            .Build();
        _session = new InferenceSession(model);
        _input = OrtValue.CreateTensorValueFromMemory(x, [g.Batch, g.InChannels, g.InHeight, g.InWidth]);
        _output = OrtValue.CreateTensorValueFromMemory(y, [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]);
    }

    public void Run() => _session.Run(_runOptions, ["X"], [_input], ["Y"], [_output]);

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
