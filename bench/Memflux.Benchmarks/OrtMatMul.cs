using Memflux.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace Memflux.Benchmarks;

/// <summary>
/// An ONNX Runtime session on a one-node MatMul model (both operands are graph inputs), with ORT's default
/// threading (or <c>intraOpThreads</c> when non-zero) and graph optimizations. Inputs and output are bound once, so a run measures the kernel (MLAS).
/// </summary>
public sealed class OrtMatMul : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly string[] _inputNames = ["A", "B"];
    private readonly string[] _outputNames = ["Y"];

    public OrtMatMul(float[] a, float[] b, float[] y, int m, int n, int k, int intraOpThreads = 0)
    {
        byte[] model = new OnnxModelBuilder()
            .Input("A", [m, k])
            .Input("B", [k, n])
            .Node("MatMul", ["A", "B"], ["Y"])
            .Output("Y")
            .Build();
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads };
        _session = new InferenceSession(model, options);
        _inputs =
        [
            OrtValue.CreateTensorValueFromMemory(a, [m, k]),
            OrtValue.CreateTensorValueFromMemory(b, [k, n]),
        ];
        _outputs = [OrtValue.CreateTensorValueFromMemory(y, [m, n])];
    }

    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        foreach (var v in _inputs.Concat(_outputs))
        {
            v.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }
}
