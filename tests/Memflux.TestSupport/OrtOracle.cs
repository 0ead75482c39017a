using Memflux.Cli.Oracle;
using Memflux.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace Memflux.TestSupport;

/// <summary>Runs a model in ONNX Runtime, the oracle every operator is checked against.</summary>
public static class OrtOracle
{
    /// <summary>Runs <paramref name="model"/> with graph optimizations off (so ORT computes each op as written).</summary>
    public static Dictionary<string, Tensor> Run(byte[] model, IReadOnlyDictionary<string, Tensor> inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var ortInputs = new Dictionary<string, OrtValue>();
        try
        {
            foreach (var (name, t) in inputs)
            {
                ortInputs[name] = OrtTensors.ToOrt(t);
            }

            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ortInputs, session.OutputNames);
            var outputs = new Dictionary<string, Tensor>();
            for (int i = 0; i < session.OutputNames.Count; i++)
            {
                outputs[session.OutputNames[i]] = OrtTensors.FromOrt(results[i])
                    ?? throw new NotSupportedException($"ORT output type {results[i].GetTensorTypeAndShape().ElementDataType}");
            }

            return outputs;
        }
        finally
        {
            foreach (var v in ortInputs.Values)
            {
                v.Dispose();
            }
        }
    }
}
