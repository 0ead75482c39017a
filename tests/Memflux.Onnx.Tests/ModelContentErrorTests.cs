using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

public class ModelContentErrorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(22)]
    public void Opset_out_of_range_is_refused(int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        string message = LoadError(model);

        Assert.Contains($"opset {opset} is not supported", message, StringComparison.Ordinal);
        Assert.Contains("1 to 21", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    public void Opset_at_the_ends_of_the_range_is_accepted(int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        Assert.Equal(opset, OnnxImporter.Load(model, "m.onnx").Opset);
    }

    [Theory]
    [InlineData(TensorProto.Types.DataType.Bfloat16)]
    [InlineData(TensorProto.Types.DataType.String)]
    [InlineData(TensorProto.Types.DataType.Complex64)]
    public void Unsupported_input_element_type_is_named(TensorProto.Types.DataType type)
    {
        var builder = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m => m.Graph.Input[0].Type.TensorType.ElemType = (int)type);

        string message = LoadError(model);

        Assert.Contains("graph input 'x'", message, StringComparison.Ordinal);
        Assert.Contains(type.ToString().ToUpperInvariant(), message, StringComparison.Ordinal);
        Assert.Contains("supported: FLOAT", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_initializer_element_type_is_named()
    {
        var builder = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.String };
            w.Dims.Add(2);
            w.StringData.Add([Google.Protobuf.ByteString.CopyFromUtf8("a"), Google.Protobuf.ByteString.CopyFromUtf8("b")]);
            m.Graph.Initializer.Add(w);
        });

        string message = LoadError(model);

        Assert.Contains("tensor 'w'", message, StringComparison.Ordinal);
        Assert.Contains("STRING", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbolic_batch_dimension_without_batch_size_lists_the_fixes()
    {
        var model = SymbolicBatchModel();

        string message = LoadError(model);

        Assert.Contains("graph input 'x' dimension 0 is symbolic 'N'", message, StringComparison.Ordinal);
        Assert.Contains("--dim N=N, --shape x=Nx3 or --batch N", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbolic_batch_dimension_with_batch_size_is_fixed()
    {
        var graph = OnnxImporter.Load(SymbolicBatchModel(), "m.onnx", new ImportOptions { BatchSize = 4 });

        Assert.Equal(new TensorShape(4, 3), graph.Inputs[0].Shape);
        Assert.Equal(new TensorShape(4, 3), graph.Outputs[0].Shape);
        Assert.Equal(new TensorShape(4, 3), RunOnZeros(graph)["y"].Shape);
    }

    [Fact]
    public void Symbolic_inner_dimension_is_an_error_even_with_batch_size()
    {
        var builder = new OnnxModelBuilder().Input("x", [2, 3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "C" });

        string message = LoadError(model, new ImportOptions { BatchSize = 1 });

        Assert.Contains("dimension 1 is symbolic 'C'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_op_names_type_domain_node_opset_and_lists_supported_ops()
    {
        var model = new OnnxModelBuilder(opset: 13).Input("x", [3]).Node("FancyOp", ["x"], ["y"]).Output("y").Build();

        string message = LoadError(model);

        Assert.Contains("'FancyOp'", message, StringComparison.Ordinal);
        Assert.Contains("default ONNX domain", message, StringComparison.Ordinal);
        Assert.Contains("'FancyOp_0'", message, StringComparison.Ordinal);
        Assert.Contains("opset 13", message, StringComparison.Ordinal);
        Assert.Contains("Supported op types:", message, StringComparison.Ordinal);
        Assert.Contains("Relu", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_domain_names_domain_and_its_opset()
    {
        var builder = new OnnxModelBuilder(opset: 13).Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            m.Graph.Node[0].Domain = "com.microsoft";
            m.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        });

        string message = LoadError(model);

        Assert.Contains("com.microsoft.Relu node 'Relu_0' (opset 1)", message, StringComparison.Ordinal);
        Assert.Contains("domain 'com.microsoft' is not supported", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ir_version_out_of_range_is_refused()
    {
        var model = new OnnxModelBuilder(irVersion: 2).Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        Assert.Contains("IR version 2", LoadError(model), StringComparison.Ordinal);
    }

    private static byte[] SymbolicBatchModel()
    {
        var builder = new OnnxModelBuilder().Input("x", [1, 3]).Node("Relu", ["x"], ["y"]).Output("y");
        return Edit(builder, m => m.Graph.Input[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" });
    }
}
