using System.Text;
using Google.Protobuf;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

/// <summary>
/// Corrupt files must give a <see cref="MemfluxException"/> (a clear message naming the file), never another
/// exception type or a crash. The variants are generated deterministically from one small valid model.
/// </summary>
public class MalformedModelTests
{
    private const string Source = "corrupt.onnx";

    /// <summary>Graphs whose inputs exceed this many elements are imported but not executed, to keep the test fast.</summary>
    private const int MaxElementsToExecute = 1 << 20;

    [Fact]
    public void Every_malformed_variant_gives_a_memflux_exception_or_a_working_graph()
    {
        var variants = Variants(SmallValidModel()).ToList();
        Assert.True(variants.Count >= 50, $"only {variants.Count} variants");

        var failures = new List<string>();
        int refused = 0;
        foreach (var (description, bytes) in variants)
        {
            try
            {
                // The optimizing pipeline too: a pass must not trip over what the importer lets through.
                foreach (var pipeline in new[] { PassPipeline.InferOnly, PassPipeline.Default })
                {
                    var graph = OnnxImporter.Load(bytes, Source, new ImportOptions { Pipeline = pipeline });
                    if (graph.Inputs.All(v => v.Shape!.ElementCount <= MaxElementsToExecute))
                    {
                        RunOnZeros(graph);
                    }
                }
            }
            catch (MemfluxException e)
            {
                refused++;
                if (!e.Message.StartsWith(Source, StringComparison.Ordinal))
                {
                    failures.Add($"{description}: message does not name the file: {e.Message}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{description}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {variants.Count} variants failed:\n{string.Join("\n", failures.Take(20))}");
        Assert.True(refused >= 50, $"only {refused} of {variants.Count} variants were refused");
    }

    [Fact]
    public void The_unbroken_model_loads_and_runs()
    {
        var graph = OnnxImporter.Load(SmallValidModel(), Source);

        Assert.Equal([1f, 0f, 3f, 0f, 5f, 0f], RunOnZeros(graph)["z"].Float32.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world\n")]
    [InlineData("ir_version: 8\ngraph { name: \"g\" }\n")]
    [InlineData("{\"irVersion\": 8, \"graph\": {}}")]
    public void Text_and_empty_files_are_refused(string text)
    {
        string message = LoadError(Encoding.UTF8.GetBytes(text));

        Assert.Contains("model.onnx", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_protobuf_that_is_not_a_model_is_refused()
    {
        var tensor = OnnxModelBuilder.ToProto("w", Tensor.FromFloat32([1, 2, 3], new TensorShape(3))).ToByteArray();

        string message = LoadError(tensor);

        Assert.StartsWith("model.onnx: not a", message, StringComparison.Ordinal);
        Assert.Contains("ONNX", message, StringComparison.Ordinal);
    }

    /// <summary>Corrupt variants of <paramref name="model"/>: truncations, bit flips, foreign headers, garbage, edited protos.</summary>
    internal static IEnumerable<(string Description, byte[] Bytes)> Variants(byte[] model)
    {
        for (int length = 0; length < model.Length; length++)
        {
            yield return ($"truncated to {length} bytes", model[..length]);
        }

        for (int bit = 0; bit < model.Length * 8; bit++)
        {
            byte[] flipped = [.. model];
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return ($"bit {bit % 8} of byte {bit / 8} flipped", flipped);
        }

        foreach (byte first in new byte[] { 0x00, 0x07, 0xFF, 0x80, 0x0A })
        {
            byte[] wrongMagic = [.. model];
            wrongMagic[0] = first;
            yield return ($"first byte 0x{first:X2}", wrongMagic);
        }

        yield return ("zip header", [0x50, 0x4B, 0x03, 0x04, .. model]);
        yield return ("pickle header", [0x80, 0x02, 0x8A, 0x0A, .. model]);
        yield return ("HDF5 header", [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]);
        yield return ("model twice", [.. model, .. model]);
        yield return ("empty", []);
        yield return ("one zero byte", [0]);
        yield return ("text", Encoding.UTF8.GetBytes("this is not a model\n"));
        yield return ("prototxt", Encoding.UTF8.GetBytes("ir_version: 8\nopset_import { version: 14 }\ngraph { node { op_type: \"Relu\" } }\n"));

        var random = new Random(20240611);
        for (int i = 0; i < 40; i++)
        {
            byte[] garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            yield return ($"random garbage #{i} ({garbage.Length} bytes)", garbage);
        }

        for (int i = 0; i < 40; i++)
        {
            byte[] scrambled = [.. model];
            for (int k = 0; k < 4; k++)
            {
                scrambled[random.Next(scrambled.Length)] = (byte)random.Next(256);
            }

            yield return ($"four random bytes replaced #{i}", scrambled);
        }

        yield return ("tensor proto", OnnxModelBuilder.ToProto("w", Tensor.FromFloat32([1, 2], new TensorShape(2))).ToByteArray());
        yield return ("graph proto alone", ModelProto.Parser.ParseFrom(model).Graph.ToByteArray());
        yield return ("opset import alone", new OperatorSetIdProto { Version = 14 }.ToByteArray());
        yield return ("model without opset import", WithModel(model, m => m.OpsetImport.Clear()));
        yield return ("model with negative opset", WithModel(model, m => m.OpsetImport[0].Version = -1));
        yield return ("model with huge opset", WithModel(model, m => m.OpsetImport[0].Version = long.MaxValue));
        yield return ("input with negative dimension", WithModel(model, m => m.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue = -3));
        yield return ("input with huge dimensions", WithModel(model, m => m.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue = int.MaxValue));
        yield return ("input declared INT64", WithModel(model, m => m.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64));
        yield return ("initializer declared INT64", WithModel(model, m => m.Graph.Initializer[0].DataType = (int)TensorProto.Types.DataType.Int64));
        yield return ("input without type", WithModel(model, m => m.Graph.Input[0].Type = null));
        yield return ("input without shape", WithModel(model, m => m.Graph.Input[0].Type.TensorType.Shape = null));
        yield return ("initializer with negative dimension", WithModel(model, m => m.Graph.Initializer[0].Dims[0] = -2));
        yield return ("initializer with huge dimensions", WithModel(model, m => m.Graph.Initializer[0].Dims.Add(long.MaxValue)));
        yield return ("initializer without type", WithModel(model, m => m.Graph.Initializer[0].DataType = 0));
        yield return ("initializer with unknown type", WithModel(model, m => m.Graph.Initializer[0].DataType = 999));
        yield return ("node with no inputs", WithModel(model, m => m.Graph.Node[0].Input.Clear()));
        yield return ("node with no outputs", WithModel(model, m => m.Graph.Node[0].Output.Clear()));
        yield return ("node with empty op type", WithModel(model, m => m.Graph.Node[0].OpType = ""));
        yield return ("node with graph attribute", WithModel(model, m => m.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto() })));
        yield return ("node with unknown attribute type", WithModel(model, m => m.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "a", Type = (AttributeProto.Types.AttributeType)77 })));
        yield return ("node with undefined attribute type", WithModel(model, m => m.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "a" })));
        yield return ("node with broken tensor attribute", WithModel(model, m => m.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "t", Type = AttributeProto.Types.AttributeType.Tensor, T = new TensorProto { DataType = 1, Dims = { 5 } } })));
        yield return ("duplicate initializer", WithModel(model, m => m.Graph.Initializer.Add(m.Graph.Initializer[0])));
        yield return ("graph without outputs", WithModel(model, m => m.Graph.Output.Clear()));
        yield return ("graph without nodes", WithModel(model, m => m.Graph.Node.Clear()));
        yield return ("graph with a sparse initializer", WithModel(model, m => m.Graph.SparseInitializer.Add(new SparseTensorProto { Dims = { 2 } })));
    }

    private static byte[] WithModel(byte[] model, Action<ModelProto> edit)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        edit(proto);
        return proto.ToByteArray();
    }
}
