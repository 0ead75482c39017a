using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Training.Export;

/// <summary>Turns a trained model's evaluation-mode computation into an ONNX graph (opset 17).</summary>
public static class ModelExporter
{
    /// <summary>The default-domain opset written.</summary>
    public const int Opset = 17;

    /// <summary>
    /// Builds the graph of <paramref name="model"/> for inputs shaped [N, ...<paramref name="sampleShape"/>]
    /// (e.g. [1, 28, 28] for MNIST). The graph's input and output shapes use batch size 1; the written file makes
    /// the batch dimension symbolic (see <see cref="ToBytes"/>).
    /// </summary>
    public static ComputeGraph ToGraph(Layer model, ReadOnlySpan<int> sampleShape, ExportOptions? options = null)
    {
        options ??= new ExportOptions();
        int[] dims = [1, .. sampleShape];
        var inputShape = new TensorShape(dims);
        var outputShape = model.OutputShape(inputShape);
        var graph = new ComputeGraph(options.GraphName, Opset);
        var input = graph.AddValue(new Value(options.InputName, DataType.Float32, inputShape));
        graph.Inputs.Add(input);
        var context = new ExportContext(graph, options);
        var last = model.Export(context, input);
        if (last.Producer is null)
        {
            throw new MemfluxException($"Export of {model.Describe()}: the model computes nothing (its output is its input).");
        }

        // Rename the final value so consumers find the logits under a stable name.
        var output = graph.AddValue(new Value(options.OutputName, DataType.Float32, outputShape));
        var producer = last.Producer;
        producer.Outputs[producer.Outputs.IndexOf(last)] = output;
        output.Producer = producer;
        graph.RemoveValue(last);
        graph.Outputs.Add(output);
        return graph;
    }

    /// <summary>The ONNX bytes of <paramref name="model"/>, with a symbolic batch dimension.</summary>
    public static byte[] ToBytes(Layer model, ReadOnlySpan<int> sampleShape, ExportOptions? options = null)
    {
        options ??= new ExportOptions();
        return OnnxExporter.ToBytes(ToGraph(model, sampleShape, options), "memflux-training", options.BatchDimension);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as ONNX.</summary>
    public static void Save(Layer model, ReadOnlySpan<int> sampleShape, string path, ExportOptions? options = null) =>
        SafeFile.WriteAllBytes(path, "the ONNX model", ToBytes(model, sampleShape, options));
}
