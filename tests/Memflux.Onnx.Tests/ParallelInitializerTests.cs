using Memflux.TestSupport;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

/// <summary>
/// A model with more than 16 MB of initializers has them read in parallel: every tensor holds its own bytes, in the
/// graph's order, from a file or from memory, and a failure is the first bad tensor's in file order.
/// </summary>
public sealed class ParallelInitializerTests : IDisposable
{
    private const int Tensors = 12, Elements = 512 * 1024; // 12 × 2 MB

    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-parallel-init-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Every_tensor_holds_its_own_bytes_from_a_file_and_from_memory()
    {
        var builder = new OnnxModelBuilder().Input("x", [1]).Node("Relu", ["x"], ["y"]).Output("y");
        for (int t = 0; t < Tensors; t++)
        {
            builder.Initializer($"w{t}", RandomTensors.Uniform(100 + t, [Elements]));
        }

        byte[] model = builder.Build();
        string path = Path.Combine(_directory, "big.onnx");
        File.WriteAllBytes(path, model);

        foreach (var graph in new[] { OnnxImporter.Load(model, "big.onnx"), OnnxImporter.Load(path), OnnxImporter.LoadStandalone(path, "test") })
        {
            Assert.Equal([.. Enumerable.Range(0, Tensors).Select(t => $"w{t}")], graph.Constants.Where(c => c.Name.StartsWith('w')).Select(c => c.Name));
            for (int t = 0; t < Tensors; t++)
            {
                Assert.Equal(RandomTensors.Uniform(100 + t, [Elements]).Float32.ToArray(), graph.FindValue($"w{t}")!.Constant!.Float32.ToArray());
            }
        }
    }

    [Fact]
    public void The_first_bad_tensor_in_file_order_is_the_error()
    {
        var builder = new OnnxModelBuilder().Input("x", [1]).Node("Relu", ["x"], ["y"]).Output("y");
        byte[] model = Edit(builder, m =>
        {
            for (int t = 0; t < Tensors; t++)
            {
                var w = OnnxModelBuilder.ToProto($"w{t}", RandomTensors.Uniform(t, [Elements]), raw: true);
                if (t is 5 or 9)
                {
                    w.Dims[0] = Elements + t; // raw_data too short for the declared shape
                }

                m.Graph.Initializer.Add(w);
            }
        });

        for (int run = 0; run < 5; run++)
        {
            string message = LoadError(model);
            Assert.Contains("tensor 'w5'", message, StringComparison.Ordinal);
            Assert.DoesNotContain("'w9'", message, StringComparison.Ordinal);
        }
    }
}
