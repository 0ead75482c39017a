using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>Small ONNX models written to a temporary folder for the command line to read.</summary>
internal sealed class TestModels : IDisposable
{
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("memflux-cli-").FullName;

    public string Directory => _dir;

    /// <summary>x [2,5] → Relu → y, and a 4×5 initializer w → Relu → z (20 parameters).</summary>
    public string ReluWithWeights()
    {
        var w = RandomTensors.Uniform(3, [4, 5]);
        byte[] model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 5])
            .Initializer("w", w)
            .Node("Relu", ["x"], ["y"])
            .Node("Relu", ["w"], ["z"])
            .Output("y")
            .Output("z")
            .Build();
        return Write("relu_weights.onnx", model);
    }

    /// <summary>x [1,10] → Relu → y: batch 1 fixed in the file.</summary>
    public string Relu()
    {
        byte[] model = new OnnxModelBuilder(opset: 14).Input("x", [1, 10]).Node("Relu", ["x"], ["y"]).Output("y").Build();
        return Write("relu.onnx", model);
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(_dir, recursive: true);

    /// <summary>An ONNX Runtime stand-in that adds <paramref name="offset"/> to every fp32 output of the real one.</summary>
    public static Memflux.Experiments.IModelRunner Perturbed(byte[] model, string source, float offset) => new PerturbedRunner(new Oracle.OrtRunner(model, source), offset);

    private sealed class PerturbedRunner(Memflux.Experiments.IModelRunner inner, float offset) : Memflux.Experiments.IModelRunner
    {
        public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs) =>
            inner.Run(inputs).ToDictionary(
                p => p.Key,
                p =>
                {
                    var t = p.Value.Clone();
                    for (int i = 0; i < t.Length; i++)
                    {
                        t.Float32[i] += offset;
                    }

                    return t;
                });

        public void Dispose() => inner.Dispose();
    }
}
