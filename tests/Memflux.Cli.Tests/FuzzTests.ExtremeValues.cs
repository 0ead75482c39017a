using Google.Protobuf;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;
using Onnx;

namespace Memflux.Cli.Tests;

/// <summary>
/// A structured mutation the byte-level cases rarely reach (issue 18 §4): integer attributes, int64 constant inputs and
/// fp32 scales of models covering the operator families that compute shapes are set to extreme values (±2^31, 2^32,
/// 2^62, long.MaxValue/MinValue, 1e30, NaN). Importing must succeed or throw <see cref="MemfluxException"/>; an
/// internal exception (an overflow, a division by zero, an index past an array) fails the case.
/// </summary>
public sealed partial class FuzzTests
{
    private static readonly long[] ExtremeInts =
        [0, -1, 1, 2, 46341, 65536, int.MaxValue, int.MinValue, 1L << 31, -(1L << 31) - 1, 1L << 32, (1L << 32) + 1, 1L << 62, -(1L << 62), long.MaxValue, long.MinValue, long.MaxValue - 1];

    private static readonly float[] ExtremeFloats = [0f, -1f, 1e30f, -1e30f, 3e9f, 2147483648f, float.NaN, float.PositiveInfinity, float.Epsilon];

    [Fact]
    public void Onnx_importer_fails_only_with_MemfluxException_for_extreme_attribute_and_constant_values()
    {
        ModelProto[] corpus = [.. ExtremeValueCorpus().Select(b => ModelProto.Parser.ParseFrom(b.Build()))];
        var options = new ImportOptions { Pipeline = PassPipeline.Default };
        int seed = Seed;
        var failures = new List<string>();

        // Extreme sizes must be refused before they are allocated: a small budget makes an allocation of gigabytes (that
        // could pass the default budget on a large machine) a refusal here, not a crash of the test host.
        using var budget = MemoryBudget.Use(256 << 20);
        int cases = Cases(3000), first = OnlyCase ?? 0, last = OnlyCase is int c ? c + 1 : cases;
        for (int i = first; i < last && failures.Count < 20; i++)
        {
            var random = new Random(unchecked((seed * 1_000_003) + (i * 7919)) ^ StableHash("onnx-extreme"));
            int pick = random.Next(corpus.Length);
            var model = corpus[pick].Clone();
            string mutations = MutateValues(random, model);
            try
            {
                OnnxImporter.Load(model.ToByteArray(), "fuzz.onnx", options);
            }
            catch (MemfluxException)
            {
            }
#pragma warning disable CA1031 // the point is to catch every other exception type and report it
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"onnx-extreme: seed {seed}, case {i} (model {pick}; {mutations}): {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) threw something other than MemfluxException " +
            $"(replay with MEMFLUX_FUZZ_SEED={seed} MEMFLUX_FUZZ_CASE=N):\n" + string.Join('\n', failures));
    }

    /// <summary>Sets one to three integer or fp32 values (attribute or initializer element) of <paramref name="model"/> to extreme values.</summary>
    private static string MutateValues(Random random, ModelProto model)
    {
        var slots = new List<(string Name, Action<Random> Set)>();
        foreach (var node in model.Graph.Node)
        {
            foreach (var a in node.Attribute)
            {
                switch (a.Type)
                {
                    case AttributeProto.Types.AttributeType.Int:
                        slots.Add(($"{node.Name}.{a.Name}", r => a.I = ExtremeInts[r.Next(ExtremeInts.Length)]));
                        break;
                    case AttributeProto.Types.AttributeType.Ints:
                        for (int k = 0; k < a.Ints.Count; k++)
                        {
                            int at = k;
                            slots.Add(($"{node.Name}.{a.Name}[{at}]", r => a.Ints[at] = ExtremeInts[r.Next(ExtremeInts.Length)]));
                        }

                        break;
                    case AttributeProto.Types.AttributeType.Floats:
                        for (int k = 0; k < a.Floats.Count; k++)
                        {
                            int at = k;
                            slots.Add(($"{node.Name}.{a.Name}[{at}]", r => a.Floats[at] = ExtremeFloats[r.Next(ExtremeFloats.Length)]));
                        }

                        break;
                    default:
                        break;
                }
            }
        }

        foreach (var t in model.Graph.Initializer)
        {
            for (int k = 0; k < t.Int64Data.Count; k++)
            {
                int at = k;
                slots.Add(($"{t.Name}[{at}]", r => t.Int64Data[at] = ExtremeInts[r.Next(ExtremeInts.Length)]));
            }

            for (int k = 0; k < t.FloatData.Count; k++)
            {
                int at = k;
                slots.Add(($"{t.Name}[{at}]", r => t.FloatData[at] = ExtremeFloats[r.Next(ExtremeFloats.Length)]));
            }
        }

        var log = new List<string>();
        int count = 1 + random.Next(3);
        for (int m = 0; m < count && slots.Count > 0; m++)
        {
            var (name, set) = slots[random.Next(slots.Count)];
            set(random);
            log.Add(name);
        }

        return "set " + string.Join(", ", log);
    }

    /// <summary>Small models over the operators whose output shapes come from attributes or constant inputs.</summary>
    private static IEnumerable<OnnxModelBuilder> ExtremeValueCorpus()
    {
        static OnnxModelBuilder Unary(string op, int[] dims, int opset, params (string, object)[] attributes) =>
            new OnnxModelBuilder(opset).Input("x", dims).Node(op, ["x"], ["y"], attributes).Output("y");

        static OnnxModelBuilder WithConstants(string op, int[] dims, int opset, Tensor[] constants, params (string, object)[] attributes)
        {
            var b = new OnnxModelBuilder(opset).Input("x", dims);
            for (int i = 0; i < constants.Length; i++)
            {
                b.Initializer($"c{i}", constants[i]);
            }

            return b.Node(op, ["x", .. constants.Select((_, i) => $"c{i}")], ["y"], attributes).Output("y");
        }

        yield return WithConstants("Tile", [2, 4], 13, [Tensor.Vector(1, 2)]);
        yield return WithConstants("Pad", [2, 4], 13, [Tensor.Vector(0, 1, 0, 1)]);
        yield return WithConstants("Reshape", [2, 4], 13, [Tensor.Vector(4, -1)]);
        yield return WithConstants("Slice", [4, 6], 13, [Tensor.Vector(1, 0), Tensor.Vector(3, 6), Tensor.Vector(0, 1), Tensor.Vector(1, 2)]);
        yield return WithConstants("Expand", [2, 1], 13, [Tensor.Vector(2, 3)]);
        yield return WithConstants("Unsqueeze", [2, 4], 13, [Tensor.Vector(0, 3)]);
        yield return WithConstants("ReduceSum", [2, 4], 13, [Tensor.Vector(1)]);
        yield return WithConstants("TopK", [2, 4], 11, [Tensor.Vector(2)], ("axis", 1L));
        yield return WithConstants("Split", [2, 4], 13, [Tensor.Vector(1, 3)], ("axis", 1L));
        yield return WithConstants("CumSum", [2, 4], 13, [Tensor.Vector(1)]);
        yield return WithConstants("Resize", [1, 1, 2, 2], 13, [Tensor.FromFloat32([], new TensorShape(0)), Tensor.FromFloat32([1, 1, 2, 3], new TensorShape(4))]);
        yield return WithConstants("Resize", [1, 1, 2, 2], 13, [Tensor.FromFloat32([], new TensorShape(0)), Tensor.FromFloat32([], new TensorShape(0)), Tensor.Vector(1, 1, 3, 5)]);
        yield return Unary("Upsample", [1, 1, 2, 2], 7, ("scales", new[] { 1f, 1f, 2f, 3f }));
        yield return Unary("DepthToSpace", [1, 4, 2, 2], 13, ("blocksize", 2L));
        yield return Unary("SpaceToDepth", [1, 1, 4, 4], 13, ("blocksize", 2L));
        yield return Unary("Flatten", [2, 3, 4], 13, ("axis", 2L));
        yield return Unary("Transpose", [2, 3, 4], 13, ("perm", new long[] { 2, 0, 1 }));
        yield return Unary("Softmax", [2, 3, 4], 13, ("axis", -1L));
        yield return Unary("ArgMax", [2, 3, 4], 13, ("axis", 1L), ("keepdims", 1L));
        yield return Unary("Shape", [2, 3, 4], 15, ("start", 1L), ("end", -1L));
        yield return Unary("EyeLike", [3, 4], 13, ("k", 1L));
        yield return Unary("LRN", [1, 4, 3, 3], 13, ("size", 3L));
        yield return Unary("MaxPool", [1, 2, 6, 6], 13, ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("dilations", new long[] { 1, 1 }));
        yield return Unary("AveragePool", [1, 2, 6], 13, ("kernel_shape", new long[] { 3 }), ("strides", new long[] { 2 }), ("pads", new long[] { 1, 1 }));
        yield return Unary("Concat", [2, 3], 13, ("axis", 1L));
        yield return new OnnxModelBuilder(13).Input("x", [1, 4, 5, 5]).Initializer("w", RandomTensors.Uniform(1, [4, 2, 3, 3]))
            .Node("Conv", ["x", "w"], ["y"], ("group", 2L), ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 1 }), ("dilations", new long[] { 1, 2 })).Output("y");
        yield return new OnnxModelBuilder(13).Input("x", [1, 4, 3, 3]).Initializer("w", RandomTensors.Uniform(2, [4, 1, 2, 2]))
            .Node("ConvTranspose", ["x", "w"], ["y"], ("group", 2L), ("strides", new long[] { 2, 2 }), ("output_padding", new long[] { 1, 0 }), ("pads", new long[] { 0, 1, 0, 1 })).Output("y");
        yield return new OnnxModelBuilder(13).Input("x", [1, 1, 2, 2]).Input("i", [1, 1, 2, 2], DataType.Int64)
            .Node("MaxUnpool", ["x", "i"], ["y"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 0, 0, 1, 1 })).Output("y");
        yield return new OnnxModelBuilder(13).Input("i", [3], DataType.Int64).Initializer("d", Tensor.Vector(5)).Initializer("v", Tensor.Vector(0, 1))
            .Node("OneHot", ["i", "d", "v"], ["y"], ("axis", -1L)).Output("y", DataType.Int64);
        yield return new OnnxModelBuilder(13).Initializer("a", Tensor.Vector(1)).Initializer("b", Tensor.Vector(9)).Initializer("c", Tensor.Vector(2))
            .Node("Range", ["a", "b", "c"], ["r"]).Node("ConstantOfShape", ["r"], ["y"]).Output("y");
        yield return new OnnxModelBuilder(13).Input("x", [2, 3]).Initializer("s", Tensor.Vector(0, 1)).Initializer("e", Tensor.Vector(2, 3))
            .Node("Shape", ["x"], ["sh"]).Node("Slice", ["sh", "s", "e"], ["d"]).Node("Concat", ["d", "s"], ["n"], ("axis", 0L))
            .Node("Reshape", ["x", "e"], ["y"]).Output("y");
    }
}
