using Memflux.Numerics;
using Memflux.Training.Data;
using Memflux.Training.HardwareAware;
using Memflux.Training.Layers;

namespace Memflux.Training.Zoo;

/// <summary>
/// The model zoo: named networks for MNIST and Fashion-MNIST with the recipes that train them to the issue's targets
/// (mnist-mlp ≥ 98.0 %, mnist-lenet5 ≥ 99.0 %, fashion-cnn ≥ 92.0 %, fashion-mlp ≥ 88.0 %) within 15 minutes on two
/// cores, plus <c>-hwa</c> variants (same recipe otherwise; the issue's target is an ideal accuracy within 0.5 points
/// of the plain model): mnist-lenet5-hwa with the <see cref="HardwareAwareOptions.Pcm"/> preset, fashion-cnn-hwa with
/// <see cref="HardwareAwareOptions.PcmDrift"/>, the one that halves its one-day accuracy loss on PCM.
/// </summary>
public static partial class ZooModels
{
    /// <summary>Per-channel mean and std of the MNIST training pixels (scaled to [0, 1]).</summary>
    public static readonly (float Mean, float Std) MnistStatistics = (0.1307f, 0.3081f);

    /// <summary>Per-channel mean and std of the Fashion-MNIST training pixels (scaled to [0, 1]).</summary>
    public static readonly (float Mean, float Std) FashionStatistics = (0.2860f, 0.3530f);

    // Epochs come from short timed runs (120–200 batches) on the 2-core machine while other jobs shared it (load ≈ 2.5–5):
    // mnist-mlp and fashion-mlp ≈ 2–3 s per epoch, mnist-lenet5 ≈ 11–16 s (HWA ≈ 13–19 s), fashion-cnn ≈ 78–106 s
    // (HWA ≈ 95–112 s). fashion-cnn-hwa at 8 epochs is the one close to the 15-minute budget: 818 s measured on a quiet
    // machine with pcm-drift (938 s before the fake quantizer was fused and split over threads); 7 epochs would be
    // safer for time but left its ideal accuracy at 91.89%, below the 0.5-point target.
    private static readonly ZooModel[] Models =
    [
        new()
        {
            Name = "mnist-mlp",
            Dataset = "mnist",
            Architecture = "MLP 784-256-128-10, ReLU",
            Spec = "mlp(784,256,128,10)",
            Build = seed => Mlp(MnistStatistics, seed),
            Epochs = 30,
            BatchSize = 128,
            Optimizer = ZooOptimizer.SgdNesterov,
            LearningRate = 0.05f,
            WeightDecay = 5e-4f,
        },
        new()
        {
            Name = "mnist-lenet5",
            Dataset = "mnist",
            Architecture = "LeNet-5 style: conv5x5 6 (pad 2), max-pool, conv5x5 16, max-pool, fc 120, fc 84, fc 10, ReLU",
            Spec = "conv(6,5,pad=2)-relu-maxpool(2)-conv(16,5)-relu-maxpool(2)-flatten-fc(120)-relu-fc(84)-relu-fc(10)",
            Build = LeNet5,
            Epochs = 20,
            BatchSize = 64,
            Optimizer = ZooOptimizer.SgdNesterov,
            LearningRate = 0.05f,
            WeightDecay = 5e-4f,
            WarmupEpochs = 1,
            Augmentation = new Augmentation { CropPadding = 2 },
        },
        new()
        {
            Name = "fashion-cnn",
            Dataset = "fashion-mnist",
            Architecture = "ResNet-style: conv3x3 24 + BN + ReLU, max-pool, 3 residual blocks (24, 48/2, 48) with BN, global average pooling, fc 10",
            Spec = "conv(24,3,pad=1,bias=false)-bn-relu-maxpool(2)-res(24)-res(48,stride=2)-res(48)-gap-fc(10)",
            Build = FashionCnn,
            Epochs = 8,
            BatchSize = 64,
            Optimizer = ZooOptimizer.SgdNesterov,
            LearningRate = 0.1f,
            WeightDecay = 5e-4f,
            WarmupEpochs = 1,
            Augmentation = new Augmentation { HorizontalFlip = true },
        },
        new()
        {
            Name = "fashion-mlp",
            Dataset = "fashion-mnist",
            Architecture = "MLP 784-256-128-10, ReLU",
            Spec = "mlp(784,256,128,10)",
            Build = seed => Mlp(FashionStatistics, seed),
            Epochs = 30,
            BatchSize = 128,
            Optimizer = ZooOptimizer.SgdNesterov,
            LearningRate = 0.05f,
            WeightDecay = 5e-4f,
        },
    ];

    /// <summary>Every zoo model, plain ones first, then the <c>-hwa</c> variants.</summary>
    public static IReadOnlyList<ZooModel> All { get; } =
    [
        .. Models,
        Models[1] with { Name = "mnist-lenet5-hwa", HardwareAware = HardwareAwareOptions.Pcm },
        Models[2] with { Name = "fashion-cnn-hwa", HardwareAware = HardwareAwareOptions.PcmDrift },
    ];

    /// <summary>The zoo names.</summary>
    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>The zoo model named <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static ZooModel Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
        ?? throw new MemfluxException($"model '{name}' is not in the zoo; expected one of: {string.Join(", ", Names)}.");

    /// <summary>784-256-128-10 with ReLU, after the dataset's normalisation.</summary>
    public static Sequential Mlp((float Mean, float Std) statistics, ulong seed)
    {
        var model = new Sequential(
            new Normalize([statistics.Mean], [statistics.Std]) { Name = "normalize" },
            new Flatten() { Name = "flatten" },
            new Linear(784, 256) { Name = "fc1" },
            new Relu(),
            new Linear(256, 128) { Name = "fc2" },
            new Relu(),
            new Linear(128, 10) { Name = "fc3" });
        model.Initialize(seed);
        return model;
    }

    /// <summary>LeNet-5 (LeCun et al. 1998) with ReLU and max-pooling; the first convolution pads 2 so 28×28 inputs work.</summary>
    public static Sequential LeNet5(ulong seed)
    {
        var model = new Sequential(
            new Normalize([MnistStatistics.Mean], [MnistStatistics.Std]) { Name = "normalize" },
            new Conv2d(1, 6, 5, 1, 2) { Name = "conv1" },
            new Relu(),
            new MaxPool2d(2),
            new Conv2d(6, 16, 5) { Name = "conv2" },
            new Relu(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(16 * 5 * 5, 120) { Name = "fc1" },
            new Relu(),
            new Linear(120, 84) { Name = "fc2" },
            new Relu(),
            new Linear(84, 10) { Name = "fc3" });
        model.Initialize(seed);
        return model;
    }

    /// <summary>
    /// A small ResNet (He et al. 2016) for 28×28 inputs: a conv3×3 + BN + ReLU stem and max-pool to 14×14, a basic
    /// block at 24 channels, a strided block to 48 channels at 7×7 (1×1 projection shortcut), a basic block at 48,
    /// global average pooling and a linear head.
    /// </summary>
    public static Sequential FashionCnn(ulong seed)
    {
        const int C1 = 24, C2 = 48;
        var model = new Sequential(
            new Normalize([FashionStatistics.Mean], [FashionStatistics.Std]) { Name = "normalize" },
            new Conv2d(1, C1, 3, 1, 1, bias: false) { Name = "stem" },
            new BatchNorm2d(C1),
            new Relu(),
            new MaxPool2d(2),
            BasicBlock("block1", C1, C1, 1),
            BasicBlock("block2", C1, C2, 2),
            BasicBlock("block3", C2, C2, 1),
            new GlobalAvgPool(),
            new Flatten(),
            new Linear(C2, 10) { Name = "fc" });
        model.Initialize(seed);
        return model;
    }

    // conv3×3 + BN + ReLU + conv3×3 + BN, plus the identity or a 1×1 strided projection with BN, then ReLU.
    internal static Sequential BasicBlock(string name, int inChannels, int outChannels, int stride)
    {
        var main = new Sequential(
            new Conv2d(inChannels, outChannels, 3, stride, 1, bias: false) { Name = name + ".conv1" },
            new BatchNorm2d(outChannels),
            new Relu(),
            new Conv2d(outChannels, outChannels, 3, 1, 1, bias: false) { Name = name + ".conv2" },
            new BatchNorm2d(outChannels));
        Layer? shortcut = stride == 1 && inChannels == outChannels
            ? null
            : new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, bias: false) { Name = name + ".shortcut" }, new BatchNorm2d(outChannels));
        return new Sequential(new Residual(main, shortcut) { Name = name }, new Relu());
    }
}
