using Memflux.Training.Layers;
using Memflux.Training.Optimizers;

namespace Memflux.Training.Tests;

/// <summary>Short training runs: the loss falls, accuracy is far above chance, and results do not depend on threads.</summary>
public class TrainingTests
{
    private static Sequential SmallCnn() => new(
        new Normalize([0.5f], [0.3f]),
        new Conv2d(1, 8, 3, 1, 1),
        new BatchNorm2d(8),
        new Relu(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(8 * 5 * 5, 4));

    [Fact]
    public void A_small_cnn_learns_a_separable_synthetic_task()
    {
        var train = SyntheticData.Make(1600, 4, 10, seed: 1, noise: 0.45f);
        var test = SyntheticData.Make(400, 4, 10, seed: 2, noise: 0.45f);
        var model = SmallCnn();
        model.Initialize(3);
        var optimizer = new Sgd(model.Parameters, 0.05f, momentum: 0.9f, weightDecay: 1e-4f, nesterov: true);
        var progress = new List<TrainingProgress>();
        var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 4, Schedule = new CosineSchedule(0.05f, 3) });
        var before = trainer.Evaluate(test);

        var history = trainer.Fit(train, progress.Add);

        var after = trainer.Evaluate(test);
        Assert.Equal(300, progress.Count);
        Assert.Equal((2, 99), (progress[^1].Epoch, progress[^1].Batch));
        Assert.True(history[^1].Loss < history[0].Loss, $"epoch losses {string.Join(", ", history.Select(h => h.Loss))}");
        Assert.True(after.Loss < before.Loss / 3, $"test loss {before.Loss} → {after.Loss}");
        Assert.True(after.Accuracy > 0.9, $"test accuracy {after.Accuracy} (chance 0.25)");
    }

    [Fact]
    public void An_mlp_with_dropout_learns_with_adam()
    {
        var train = SyntheticData.Make(800, 5, 6, seed: 5, noise: 0.5f);
        var model = new Sequential(new Flatten(), new Linear(36, 32), new BatchNorm1d(32), new Relu(), new Dropout(0.2f, 1), new Linear(32, 5));
        model.Initialize(6);
        var trainer = new Trainer(model, new Adam(model.Parameters, 3e-3f), new TrainerOptions { Epochs = 4, BatchSize = 16, Seed = 7 });
        trainer.Fit(train);
        Assert.True(trainer.Evaluate(SyntheticData.Make(300, 5, 6, seed: 8, noise: 0.5f)).Accuracy > 0.9);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_whatever_the_thread_count()
    {
        float[][] Train(int threads)
        {
            var model = NetworkGradientTests.SmallResNet();
            model.Initialize(9);
            var data = SyntheticData.Make(96, 3, 7, seed: 10);
            var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f, 0.9f, 1e-4f), new TrainerOptions { Epochs = 2, BatchSize = 12, Seed = 11, MaxDegreeOfParallelism = threads });
            trainer.Fit(data);
            var bn = model.Layers.OfType<BatchNorm2d>().First();
            return [.. model.Parameters.Select(p => p.Value), bn.RunningMean, bn.RunningVariance];
        }

        var one = Train(1);
        var many = Train(4);
        Assert.Equal(one.Length, many.Length);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], many[i]);
        }
    }
}
