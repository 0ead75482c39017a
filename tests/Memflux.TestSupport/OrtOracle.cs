using Memflux.Numerics;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

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
                long[] shape = [.. t.Shape.Dimensions.ToArray().Select(d => (long)d)];
                ortInputs[name] = t.Type == DataType.Float32
                    ? OrtValue.CreateTensorValueFromMemory(t.Float32.ToArray(), shape)
                    : OrtValue.CreateTensorValueFromMemory(t.Int64.ToArray(), shape);
            }

            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ortInputs, session.OutputNames);
            var outputs = new Dictionary<string, Tensor>();
            for (int i = 0; i < session.OutputNames.Count; i++)
            {
                var value = results[i];
                var info = value.GetTensorTypeAndShape();
                var shape = new TensorShape([.. info.Shape.Select(d => (int)d)]);
                outputs[session.OutputNames[i]] = info.ElementDataType switch
                {
                    TensorElementType.Float => Tensor.FromFloat32(value.GetTensorDataAsSpan<float>().ToArray(), shape),
                    TensorElementType.Int64 => Tensor.FromInt64(value.GetTensorDataAsSpan<long>().ToArray(), shape),
                    var other => throw new NotSupportedException($"ORT output type {other}"),
                };
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
