using Memflux.Numerics;
using Memflux.Training.Layers;
using Memflux.Training.Optimizers;
using Memflux.Training.Zoo;

namespace Memflux.Training.Tests;

/// <summary>The architecture-spec grammar: every zoo model written in it, the layers it infers, and its errors.</summary>
public class ArchitectureSpecTests
{
    public static TheoryData<string> PlainZooNames() => [.. ZooModels.All.Where(m => m.HardwareAware is null).Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(PlainZooNames))]
    public void Each_zoo_models_spec_builds_the_zoo_network_weight_for_weight(string name)
    {
        var zoo = ZooModels.Get(name);
        var expected = zoo.Build(5);
        var fromSpec = ZooModels.FromSpec(ArchitectureSpec.Parse(zoo.Spec), zoo.Dataset).Build(5);

        Assert.Equal(expected.ParameterCount(), fromSpec.ParameterCount());
        Assert.Equal(expected.Parameters.Select(p => p.Shape), fromSpec.Parameters.Select(p => p.Shape));
        Assert.Equal(expected.Parameters.Select(p => p.Value), fromSpec.Parameters.Select(p => p.Value));
        var x = RandomTensors.Uniform(7, [3, 1, 28, 28], 0f, 1f);
        OperatorCheck.AssertClose(expected.Forward(x, PassContext.Inference).Clone(), fromSpec.Forward(x, PassContext.Inference).Clone(), 0f, 0f, name);
    }

    [Fact]
    public void A_spec_model_normalises_inside_infers_channels_and_matches_onnx_runtime()
    {
        var zoo = ZooModels.Resolve("conv(16,3,pad=1)-bn-relu-maxpool(2)-res(32,stride=2)-gap-fc(10)", "fashion-mnist");
        var model = zoo.Build(2);
        var normalize = Assert.IsType<Normalize>(model.Layers[0]);
        Assert.Equal(1, normalize.Channels);
        var conv = Assert.IsType<Conv2d>(model.Layers[1]);
        Assert.Equal((1, 16, 3, 1, 1), (conv.InChannels, conv.OutChannels, conv.KernelSize, conv.Stride, conv.Padding));
        var fc = model.Layers.OfType<Linear>().Single();
        Assert.Equal((32, 10), (fc.InFeatures, fc.OutFeatures));
        Assert.Equal(new TensorShape(4, 10), model.OutputShape(new TensorShape(4, 1, 28, 28)));

        // conv 16·9+16, bn 32, block: 16→32 3×3 (no bias) + bn + 32→32 3×3 + bn + 1×1 projection + bn, fc 32·10+10.
        long count = 160 + 32 + (16 * 32 * 9) + 64 + (32 * 32 * 9) + 64 + (16 * 32) + 64 + 330;
        Assert.Equal(count, model.ParameterCount());

        var data = SyntheticData.Make(8, 10, 28, seed: 1);
        new Trainer(model, zoo.CreateOptimizer(model, 0.01f), new TrainerOptions { BatchSize = 8 }).Fit(data);
        byte[] onnx = Export.ModelExporter.ToBytes(model, [1, 28, 28]);
        var x = RandomTensors.Uniform(2, [3, 1, 28, 28], 0f, 1f);
        var ort = OrtOracle.Run(onnx, new Dictionary<string, Tensor> { ["input"] = x })["logits"];
        OperatorCheck.AssertClose(ort, model.Forward(x, PassContext.Inference).Clone(), 1e-4f, 1e-4f, "logits");
    }

    [Fact]
    public void Commas_whitespace_and_case_read_the_same_as_dashes()
    {
        var a = ArchitectureSpec.Parse("conv(8,3)-relu-avgpool(2,stride=2)-flatten-dropout(0.25)-fc(10)").Build((0f, 1f), 1);
        var b = ArchitectureSpec.Parse("  Conv( 8 , k = 3 ) , RELU , avgpool(2, 2) ,flatten, dropout(p=0.25) - fc(10)  ").Build((0f, 1f), 1);
        Assert.Equal(a.Parameters.Select(p => p.Value), b.Parameters.Select(p => p.Value));
        Assert.Equal(8 * 13 * 13, b.Layers.OfType<Linear>().Single().InFeatures);
    }

    [Fact]
    public void A_leading_norm_replaces_the_dataset_statistics()
    {
        var x = RandomTensors.Uniform(3, [2, 1, 28, 28], 0f, 1f);
        var own = ArchitectureSpec.Parse("norm(0.5,0.25)-mlp(784,10)").Build((0.1f, 0.9f), 4);
        var given = ArchitectureSpec.Parse("mlp(784,10)").Build((0.5f, 0.25f), 4);
        var other = ArchitectureSpec.Parse("mlp(784,10)").Build((0.1f, 0.9f), 4);
        OperatorCheck.AssertClose(given.Forward(x, PassContext.Inference).Clone(), own.Forward(x, PassContext.Inference).Clone(), 0f, 0f, "norm");
        Assert.NotEqual(other.Forward(x, PassContext.Inference).Clone().Float32.ToArray(), own.Forward(x, PassContext.Inference).Clone().Float32.ToArray());
    }

    [Fact]
    public void Resolve_takes_zoo_names_first_and_gives_specs_the_documented_recipe()
    {
        Assert.Same(ZooModels.Get("mnist-mlp"), ZooModels.Resolve("mnist-mlp", "fashion-mnist"));
        var spec = ZooModels.Resolve("mlp(784,64,10)");
        Assert.Equal(("mlp(784,64,10)", "mnist", 10, 64, ZooOptimizer.Adam, 1e-3f), (spec.Name, spec.Dataset, spec.Epochs, spec.BatchSize, spec.Optimizer, spec.LearningRate));
        Assert.Equal(0f, spec.WeightDecay);
        Assert.True(spec.Augmentation.IsIdentity);
        Assert.Null(spec.HardwareAware);
        Assert.IsType<Adam>(spec.CreateOptimizer(spec.Build(0), 1e-3f));
        // Fashion-MNIST statistics inside: a pixel at the dataset mean normalises to zero.
        var normalize = ZooModels.Resolve("mlp(784,10)", "fashion-mnist").Build(0).Layers.OfType<Normalize>().Single();
        var atMean = Tensor.FromFloat32([.. Enumerable.Repeat(ZooModels.FashionStatistics.Mean, 784)], new TensorShape(1, 1, 28, 28));
        Assert.Equal(0f, normalize.Forward(atMean, PassContext.Inference).Float32[0], 6);
    }

    [Theory]
    // Syntax.
    [InlineData("", "the spec is empty")]
    [InlineData("conv(8,3", "column 5: this '(' is never closed")]
    [InlineData("conv(8,3)--fc(10)", "column 11: expected a layer name")]
    [InlineData("conv(8,3) relu", "column 11: expected '-' or ',' between layers, found 'r'")]
    [InlineData("mlp(784,10)-", "column 13: expected a layer after '-'")]
    [InlineData("fc(,10)", "column 4: expected an argument")]
    // Unknown layer.
    [InlineData("conv(8,3)-conv2d(3)", "column 11: layer 2 'conv2d(3)': unknown layer 'conv2d'; expected one of: conv, fc, bn")]
    // Bad arguments.
    [InlineData("conv(8)-flatten-fc(10)", "column 1: layer 1 'conv(8)': missing argument 'k'; expected conv(out, k, stride=1, pad=0, groups=1, bias=true)")]
    [InlineData("conv(8,3,padding=1)-gap-fc(10)", "column 10: layer 1 'conv(8,3,padding=1)': has no argument 'padding'")]
    [InlineData("conv(8,0)-gap-fc(10)", "argument 'k' must be an integer ≥ 1, found '0'")]
    [InlineData("conv(8,3,k=3)-gap-fc(10)", "argument 'k' is given twice")]
    [InlineData("conv(8,stride=2,3)-gap-fc(10)", "positional argument '3' after a named one")]
    [InlineData("mlp(784,10)-relu(2)", "column 18: layer 2 'relu(2)': takes no arguments, found '2'")]
    [InlineData("mlp(784,10,bias=false)", "expected mlp(in, hidden…, out)")]
    [InlineData("flatten-dropout(1.5)-fc(10)", "argument 'p' must be a probability in [0, 1), found '1.5'")]
    [InlineData("flatten-fc(10,bias=maybe)", "argument 'bias' must be true or false, found 'maybe'")]
    [InlineData("conv(6,3,groups=4)-gap-fc(10)", "layer 1 'conv(6,3,groups=4)': Conv2d: channels (1 in, 6 out) must divide into 4 groups")]
    // Shapes.
    [InlineData("conv(8,3)-fc(10)", "column 11: layer 2 'fc(10)': fc needs a flat input [N,F] but gets [N,8,26,26]; insert 'flatten'")]
    [InlineData("flatten-conv(8,3)-gap-fc(10)", "column 9: layer 2 'conv(8,3)': conv needs an image input [N,C,H,W] but gets the flat [N,784]")]
    [InlineData("conv(8,3)-maxpool(64)-gap-fc(10)", "column 11: layer 2 'maxpool(64)': does not fit its input [N,8,26,26]")]
    [InlineData("mlp(100,10)", "the first width is the input size 100, but the layer gets [N,1,28,28] = 784 features; write mlp(784,…)")]
    [InlineData("mlp(784,10)-norm(0,1)", "column 13: layer 2 'norm(0,1)': norm may only be the first layer")]
    // Logits.
    [InlineData("mlp(784,256)", "column 1: layer 1 'mlp(784,256)': the network ends with 256 outputs; expected 10 logits")]
    [InlineData("conv(10,3)", "the network ends with [N,10,26,26]; expected [N,10] logits")]
    [InlineData("norm(0.5,0.5)", "the spec has only norm")]
    public void Errors_name_the_column_the_layer_and_what_was_expected(string spec, string message)
    {
        var e = Assert.Throws<MemfluxException>(() => ArchitectureSpec.Parse(spec));
        Assert.StartsWith("architecture spec", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_zoo_name_lists_the_zoo_and_the_spec_error()
    {
        var e = Assert.Throws<MemfluxException>(() => ZooModels.Resolve("resnet50"));
        Assert.Contains("model 'resnet50' is not in the zoo (expected one of: mnist-mlp, mnist-lenet5", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown layer 'resnet50'", e.Message, StringComparison.Ordinal);
    }
}
