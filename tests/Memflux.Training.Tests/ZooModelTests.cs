using Memflux.Numerics;
using Memflux.Training.Layers;
using Memflux.Training.Optimizers;
using Memflux.Training.Zoo;

namespace Memflux.Training.Tests;

/// <summary>Every zoo network maps [N,1,28,28] to [N,10], is seeded, normalises inside, and exports to ONNX that ORT runs.</summary>
public class ZooModelTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in ZooModels.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_zoo_model_takes_raw_pixels_gives_ten_logits_and_matches_onnx_runtime(string name)
    {
        var zoo = ZooModels.Get(name);
        var model = zoo.Build(3);
        Assert.IsType<Normalize>(model.Layers[0]);
        Assert.Equal(new TensorShape(4, 10), model.OutputShape(new TensorShape(4, 1, 28, 28)));
        Assert.Equal(model.Parameters.Select(p => p.Value), zoo.Build(3).Parameters.Select(p => p.Value));
        Assert.NotEqual(model.Parameters.First().Value, zoo.Build(4).Parameters.First().Value);
        Assert.Contains(zoo.Dataset, new[] { "mnist", "fashion-mnist" });
        Assert.True(zoo.Epochs > 0 && zoo.BatchSize > 0 && zoo.LearningRate > 0);
        Assert.IsType<CosineSchedule>(zoo.CreateSchedule(zoo.LearningRate, zoo.Epochs));
        Assert.Equal(model.Parameters.Count(), zoo.CreateOptimizer(model, zoo.LearningRate).Parameters.Count);

        // One training step so batch-norm running statistics are not the defaults, then compare with ORT.
        var data = SyntheticData.Make(8, 10, 28, seed: 1);
        new Trainer(model, zoo.CreateOptimizer(model, 0.01f), new TrainerOptions { BatchSize = 8, Augmentation = zoo.Augmentation, HardwareAware = zoo.HardwareAware }).Fit(data);
        byte[] onnx = Export.ModelExporter.ToBytes(model, [1, 28, 28]);
        var x = RandomTensors.Uniform(2, [3, 1, 28, 28], 0f, 1f);
        var ort = OrtOracle.Run(onnx, new Dictionary<string, Tensor> { ["input"] = x })["logits"];
        OperatorCheck.AssertClose(ort, model.Forward(x, PassContext.Inference).Clone(), 1e-4f, 1e-4f, "logits");
    }

    [Fact]
    public void The_zoo_has_the_issues_architectures()
    {
        Assert.Equal(235_146, ZooModels.Get("mnist-mlp").Build(0).ParameterCount());
        var lenet = ZooModels.Get("mnist-lenet5").Build(0);
        Assert.Equal(2, lenet.Layers.OfType<Conv2d>().Count());
        Assert.Equal(3, lenet.Layers.OfType<Linear>().Count());
        var cnn = ZooModels.Get("fashion-cnn").Build(0);
        Assert.True(cnn.Layers.OfType<Sequential>().Count(s => s.Layers[0] is Residual) >= 2);
        Assert.Contains(cnn.Layers, l => l is GlobalAvgPool);
        Assert.Contains(cnn.Layers, l => l is BatchNorm2d);
    }

    [Fact]
    public void The_hwa_variants_train_the_plain_recipe_with_pcm_noise()
    {
        Assert.Equal(ZooModels.Get("mnist-lenet5") with { Name = "mnist-lenet5-hwa", HardwareAware = HardwareAware.HardwareAwareOptions.Pcm }, ZooModels.Get("mnist-lenet5-hwa"));
        Assert.Equal(ZooModels.Get("fashion-cnn") with { Name = "fashion-cnn-hwa", HardwareAware = HardwareAware.HardwareAwareOptions.PcmDrift }, ZooModels.Get("fashion-cnn-hwa"));
        Assert.Null(ZooModels.Get("fashion-cnn").HardwareAware);
    }

    [Fact]
    public void An_unknown_name_lists_the_zoo()
    {
        var e = Assert.Throws<MemfluxException>(() => ZooModels.Get("resnet50"));
        Assert.Contains("'resnet50'", e.Message, StringComparison.Ordinal);
        Assert.Contains("mnist-lenet5", e.Message, StringComparison.Ordinal);
    }
}
