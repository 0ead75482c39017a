using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Graph.Tests;

/// <summary>
/// Shapes larger than the memory budget are refused when they are inferred, before constant folding or execution
/// allocates them (issue 18 §3: tiny models that materialised gigabytes).
/// </summary>
public class MemoryBudgetTests
{
    [Fact]
    public void A_broadcast_of_two_small_constants_to_gigabytes_is_refused_at_import()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Initializer("a", Tensor.FromFloat32(new float[40_000], new TensorShape(40_000, 1)))
            .Initializer("b", Tensor.FromFloat32(new float[40_000], new TensorShape(1, 40_000)))
            .Node("Add", ["a", "b"], ["y"]).Output("y").Build();
        using var budget = MemoryBudget.Use(1L << 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(model, "bomb.onnx"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the refusal allocated the result");
        Assert.Contains("Add node 'Add_0' (opset 14): output 'y' would be Float32[40000,40000], 6.0 GiB: more than the memory budget of 1.0 GiB (--max-memory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pad_of_a_scalar_by_tens_of_thousands_is_refused_at_import()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Initializer("x", Tensor.FromFloat32([1f], new TensorShape(1, 1)))
            .Initializer("pads", Tensor.FromInt64([0, 0, 40_000, 40_000], new TensorShape(4)))
            .Node("Pad", ["x", "pads"], ["y"]).Output("y").Build();
        using var budget = MemoryBudget.Use(1L << 30);
        var e = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(model, "pad.onnx"));
        Assert.Contains("Pad node 'Pad_0' (opset 14): output 'y' would be Float32[40001,40001]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_applies_only_where_it_is_used()
    {
        long outside = MemoryBudget.Bytes;
        using (MemoryBudget.Use(1234))
        {
            Assert.Equal(1234, MemoryBudget.Bytes);
        }

        Assert.Equal(outside, MemoryBudget.Bytes);
        Assert.Equal(MemoryBudget.Default, outside);
    }

    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("16G", 16L << 30)]
    [InlineData("1.5K", 1536L)]
    [InlineData("4096", 4096L)]
    public void Sizes_parse_in_binary_units(string text, long bytes) => Assert.Equal(bytes, MemoryBudget.Parse(text, "--max-memory"));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5G")]
    [InlineData("150%")]
    public void Bad_sizes_name_the_field(string text) =>
        Assert.Contains("--max-memory: expected a size such as 512M, 16G or 75%", Assert.Throws<MemfluxException>(() => MemoryBudget.Parse(text, "--max-memory")).Message, StringComparison.Ordinal);
}
