using Memflux.Numerics;
using Memflux.Training.Export;
using Memflux.Training.Layers;
using Memflux.Training.Optimizers;

namespace Memflux.Training.Tests;

/// <summary>A trained model exported to ONNX gives, in ONNX Runtime, the logits of the trainer's evaluation forward.</summary>
public class ExportTests
{
    /// <summary>fp32 logits of a few-layer net: ORT and Memflux sum in different orders; folding rounds once more.</summary>
    private const float LogitTolerance = 1e-4f;

    private static Sequential TinyModel() => new(
        new Normalize([0.5f], [0.25f]),
        new Conv2d(1, 4, 3, 1, 1),
        new BatchNorm2d(4),
        new Relu(),
        new MaxPool2d(2),
        new Residual(new Sequential(new Conv2d(4, 4, 3, 1, 1), new BatchNorm2d(4), new Relu(), new Conv2d(4, 4, 3, 1, 1, groups: 2), new BatchNorm2d(4))),
        new Relu(),
        new Residual(new Sequential(new Conv2d(4, 6, 3, 2, 1), new BatchNorm2d(6)), new Sequential(new Conv2d(4, 6, 1, 2, 0), new BatchNorm2d(6))),
        new Relu(),
        new AvgPool2d(3, 2, 1),
        new Dropout(0.2f, seed: 9),
        new GlobalAvgPool(),
        new Flatten(),
        new Linear(6, 8),
        new BatchNorm1d(8),
        new Relu(),
        new Linear(8, 10));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exported_model_matches_the_trainer_in_onnx_runtime(bool foldBatchNorm)
    {
        var model = TinyModel();
        model.Initialize(5);
        var data = SyntheticData.Make(64, 10, 28, seed: 6);
        var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f, momentum: 0.9f), new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 7 });
        trainer.Fit(data);

        byte[] onnx = ModelExporter.ToBytes(model, [1, 28, 28], new ExportOptions { FoldBatchNorm = foldBatchNorm });
        var x = RandomTensors.Uniform(8, [5, 1, 28, 28], 0f, 1f);
        var ort = OrtOracle.Run(onnx, new Dictionary<string, Tensor> { ["input"] = x })["logits"];
        var ours = model.Forward(x, PassContext.Inference).Clone();
        OperatorCheck.AssertClose(ort, ours, LogitTolerance, LogitTolerance, "logits");
    }

    [Fact]
    public void Folding_removes_every_batch_norm_that_follows_a_conv_or_linear()
    {
        var graph = ModelExporter.ToGraph(TinyModel(), [1, 28, 28], new ExportOptions { FoldBatchNorm = true });
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "BatchNormalization");
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "Dropout");
        Assert.Equal("logits", graph.Outputs[0].Name);
        Assert.Equal(new TensorShape(1, 10), graph.Outputs[0].Shape);
        var kept = ModelExporter.ToGraph(TinyModel(), [1, 28, 28], new ExportOptions { FoldBatchNorm = false });
        Assert.Equal(6, kept.Nodes.Count(n => n.OpType == "BatchNormalization"));
        Assert.Equal(17, kept.Opset);
    }
}
