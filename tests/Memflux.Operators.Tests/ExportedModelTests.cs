using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;
using Memflux.TestSupport.Models;

namespace Memflux.Operators.Tests;

/// <summary>
/// Whole models in the form exporters write them (BERT and GPT-2 as torch.onnx exports Hugging Face's, a ViT,
/// MobileNetV3, a U-Net): Memflux, after its default passes, against ONNX Runtime, within verify's tolerance
/// (max |memflux − ort| ≤ 1e-4 · max |ort| per output).
/// </summary>
public class ExportedModelTests
{
    public static TheoryData<string> Names => ["bert", "gpt2", "vit", "mobilenetv3", "unet"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Model_matches_onnx_runtime_within_verify_tolerance(string name)
    {
        var model = ExportedModels.All().Single(m => m.Name == name);
        var inputs = model.Inputs(7);
        var expected = OrtOracle.Run(model.Bytes, inputs);
        var graph = OnnxImporter.Load(model.Bytes, name + ".onnx", new ImportOptions { Pipeline = PassPipeline.Default });
        var actual = new ReferenceExecutor(graph).Run(inputs);

        foreach (var (output, want) in expected)
        {
            var got = actual[output];
            Assert.Equal(want.Shape, got.Shape);
            double scale = 0, error = 0;
            for (int i = 0; i < want.Length; i++)
            {
                scale = Math.Max(scale, Math.Abs(want.GetAsDouble(i)));
                error = Math.Max(error, Math.Abs(want.GetAsDouble(i) - got.GetAsDouble(i)));
            }

            Assert.True(error <= 1e-4 * scale, $"{name} output '{output}': max abs error {error:g3}, max |ort| {scale:g3}, relative {error / scale:g3} > 1e-4");
            Assert.True(scale > 0, $"{name} output '{output}' is all zeros; the check would be empty");
        }
    }
}
