using Memflux.Numerics;
using Memflux.Training.HardwareAware;
using Memflux.Training.Layers;
using Memflux.Training.Optimizers;

namespace Memflux.Training.Tests;

/// <summary>HWA training: noise statistics, resampling, clipping, fake-quant levels, straight-through gradients, determinism.</summary>
public class HardwareAwareTests
{
    private static float[] Weights(int length, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (rng.NextSingle() * 2f) - 1f)];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Additive_noise_has_zero_mean_and_std_noise_times_max_abs_weight(bool perChannel)
    {
        const int Rows = 8, Columns = 250, Samples = 100;
        float[] clean = Weights(Rows * Columns, 1);
        for (int j = 0; j < Columns; j++)
        {
            clean[j] *= 0.25f; // row 0 has a smaller range, so per-channel scaling differs from per-layer.
        }

        var options = new HardwareAwareOptions { Noise = 0.05f, PerChannel = perChannel };
        float[] noisy = new float[clean.Length];
        double[] sum = new double[Rows], sumSquares = new double[Rows];
        for (int s = 0; s < Samples; s++)
        {
            WeightPerturbation.Apply(clean, noisy, Rows, options, (ulong)s);
            for (int i = 0; i < clean.Length; i++)
            {
                double d = noisy[i] - clean[i];
                sum[i / Columns] += d;
                sumSquares[i / Columns] += d * d;
            }
        }

        float layerMax = clean.Max(MathF.Abs);
        for (int r = 0; r < Rows; r++)
        {
            int n = Columns * Samples;
            double mean = sum[r] / n, std = Math.Sqrt((sumSquares[r] / n) - (mean * mean));
            float scale = perChannel ? clean.AsSpan(r * Columns, Columns).ToArray().Max(MathF.Abs) : layerMax;
            double expected = 0.05 * scale;

            // 25 000 samples per row: the sample mean's std is expected/158, the sample std's relative error ~0.45 %.
            Assert.True(Math.Abs(mean) < 5 * expected / Math.Sqrt(n), $"row {r}: mean {mean} (std {expected})");
            Assert.True(Math.Abs((std / expected) - 1) < 0.03, $"row {r}: std {std}, expected {expected}");
        }
    }

    [Fact]
    public void Noise_is_a_function_of_the_key_so_each_step_draws_anew_and_replays_exactly()
    {
        float[] clean = Weights(300, 2);
        var options = new HardwareAwareOptions { Noise = 0.03f, MultiplicativeNoise = 0.02f, DropConnect = 0.1f };
        float[] a = new float[300], b = new float[300], c = new float[300];
        WeightPerturbation.Apply(clean, a, 3, options, 7);
        WeightPerturbation.Apply(clean, b, 3, options, 7);
        WeightPerturbation.Apply(clean, c, 3, options, 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        int dropped = a.Count(v => v == 0f);
        Assert.InRange(dropped, 10, 55); // Binomial(300, 0.1): mean 30, std 5.2.
    }

    [Fact]
    public void Clipping_bounds_every_weight_by_k_standard_deviations()
    {
        float[] w = Weights(1000, 3);
        w[5] = 40f;
        w[6] = -35f;
        float bound = WeightClipping.Apply(w, 2.5f);
        Assert.True(bound > 0f);
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.Equal(bound, w[5]);
        Assert.Equal(-bound, w[6]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Fake_quantization_uses_two_to_the_bits_minus_one_levels_within_half_a_step(int bits)
    {
        float[] x = Weights(5000, 4);
        x[17] = -3f; // the abs-max sets the range
        float[] q = new float[x.Length];
        FakeQuantizer.Quantize(x, q, bits);
        float step = FakeQuantizer.Step(3f, bits);
        int levels = (1 << bits) - 1;
        Assert.True(q.Distinct().Count() <= levels);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(q[i] - x[i]) <= (step / 2) * 1.0001f, $"x {x[i]} → {q[i]} (step {step})");
            float k = q[i] / step;
            Assert.True(Math.Abs(k - MathF.Round(k)) < 1e-3f && Math.Abs(k) <= (levels - 1) / 2, $"{q[i]} is not a level");
        }

        Assert.Equal(-3f, q[17], 5);
    }

    [Fact]
    public void Fake_quantization_split_over_threads_equals_the_scalar_formula_in_place_or_not()
    {
        float[] x = Weights(300_001, 5); // several chunks, with a tail that is not a whole vector
        x[123_456] = -7f;
        float step = FakeQuantizer.Step(7f, 8), inverse = 1f / step;
        float[] expected = [.. x.Select(v => MathF.Round(v * inverse) * step)];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 3 };

        float[] q = new float[x.Length];
        FakeQuantizer.Quantize(x, q, 8, parallel);
        float[] inPlace = (float[])x.Clone();
        FakeQuantizer.Quantize(inPlace, inPlace, 8, parallel);

        Assert.Equal(expected, q);
        Assert.Equal(expected, inPlace);
    }

    [Fact]
    public void Fake_quantization_leaves_a_tensor_with_a_nan_unquantized_whatever_the_split()
    {
        float[] x = Weights(300_000, 6);
        x[250_000] = float.NaN;
        float[] q = new float[x.Length];
        FakeQuantizer.Quantize(x, q, 8, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(x, q);
    }

    [Fact]
    public void A_noisy_linear_uses_the_perturbed_weights_forward_and_backward_and_the_clean_ones_in_evaluation()
    {
        var layer = new Linear(7, 5);
        layer.Initialize(4);
        layer.HardwareAware = new HardwareAwareOptions { Noise = 0.05f };
        layer.NoiseKey = 11;
        var x = GradientCheck.Distinct(5, [3, 7]);
        var training = new PassContext(true, step: 9);
        var y = layer.Forward(x, training).Clone();

        float[] noisy = new float[35];
        WeightPerturbation.Apply(layer.Weight.Value, noisy, 5, layer.HardwareAware, SplitMix64.Mix(11, 9));
        var reference = new Linear(7, 5);
        noisy.CopyTo(reference.Weight.Value);
        layer.Bias!.Value.CopyTo(reference.Bias!.Value);
        Assert.Equal(reference.Forward(x, training).Float32.ToArray(), y.Float32.ToArray());

        var dy = GradientCheck.Distinct(6, [3, 5]);
        layer.ZeroGrad();
        reference.ZeroGrad();
        var dx = layer.Backward(dy, training).Clone();
        Assert.Equal(reference.Backward(dy, training).Float32.ToArray(), dx.Float32.ToArray());

        // The gradient of the noisy weights is applied to the clean ones (straight-through).
        Assert.Equal(reference.Weight.Gradient, layer.Weight.Gradient);
        Assert.NotEqual(noisy, layer.Weight.Value);

        var clean = new Linear(7, 5);
        layer.Weight.Value.CopyTo(clean.Weight.Value);
        layer.Bias.Value.CopyTo(clean.Bias!.Value);
        Assert.Equal(clean.Forward(x, PassContext.Inference).Float32.ToArray(), layer.Forward(x, PassContext.Inference).Float32.ToArray());
    }

    [Fact]
    public void Dac_and_adc_quantize_a_conv_in_training_with_a_straight_through_gradient()
    {
        var conv = new Conv2d(2, 3, 3, 1, 1);
        conv.Initialize(6);
        var x = GradientCheck.Distinct(7, [2, 2, 5, 5]);
        var training = new PassContext(true, step: 1);
        var plain = conv.Forward(x, training).Clone();
        var dy = GradientCheck.Distinct(8, [2, 3, 5, 5]);
        conv.ZeroGrad();
        var plainDx = conv.Backward(dy, training).Clone();

        conv.HardwareAware = new HardwareAwareOptions { DacBits = 4, AdcBits = 4 };
        var quantized = conv.Forward(x, training).Clone();
        conv.ZeroGrad();
        var dx = conv.Backward(dy, training).Clone();

        // The analog product (output minus bias) sits on the ADC's levels.
        float[] product = [.. quantized.Float32.ToArray().Select((v, i) => v - conv.Bias!.Value[(i / 25) % 3])];
        float step = FakeQuantizer.Step(product.Max(MathF.Abs), 4);
        Assert.All(product, v => Assert.True(Math.Abs((v / step) - MathF.Round(v / step)) < 1e-3f, $"{v} is not a multiple of {step}"));
        Assert.NotEqual(plain.Float32.ToArray(), quantized.Float32.ToArray());

        // Straight-through: dX = Wᵀ·dY as without quantization; evaluation is unquantized.
        Assert.Equal(plainDx.Float32.ToArray(), dx.Float32.ToArray());
        Assert.Equal(plain.Float32.ToArray(), conv.Forward(x, PassContext.Inference).Float32.ToArray());
    }

    [Fact]
    public void Hwa_training_with_augmentation_is_bit_identical_whatever_the_thread_count_and_keeps_weights_clipped()
    {
        var options = HardwareAwareOptions.Parse("noise=0.05,clip=2,adc-bits=6,dac-bits=6,mult-noise=0.02,drop-connect=0.01,per-channel=true");
        float[][] Train(int threads)
        {
            var model = NetworkGradientTests.SmallResNet();
            model.Initialize(9);
            var data = SyntheticData.Make(96, 3, 7, seed: 10);
            var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f, 0.9f), new TrainerOptions { Epochs = 2, BatchSize = 12, Seed = 11, MaxDegreeOfParallelism = threads, HardwareAware = options, Augmentation = new Data.Augmentation { CropPadding = 1, HorizontalFlip = true } });
            trainer.Fit(data);
            foreach (var layer in model.SelfAndDescendants().OfType<IAnalogLayer>())
            {
                float[] w = layer.Weight.Value;
                double mean = w.Average(), std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
                Assert.True(w.Max(MathF.Abs) <= (2 * std) + 1e-3, $"max |w| {w.Max(MathF.Abs)} > 2·std {std}");
            }

            return [.. model.Parameters.Select(p => p.Value)];
        }

        var one = Train(1);
        var many = Train(4);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], many[i]);
        }
    }

    [Fact]
    public void Hwa_training_learns_about_as_well_as_plain_training()
    {
        // A task easy enough that small perturbations of the trajectory do not swing the accuracy (at noise 0.45 even
        // noise=0.0001 moves it by ±5 points over 300 test samples).
        double Accuracy(HardwareAwareOptions? hwa)
        {
            var train = SyntheticData.Make(1600, 4, 10, seed: 1, noise: 0.35f);
            var model = new Sequential(new Normalize([0.5f], [0.3f]), new Conv2d(1, 8, 3, 1, 1), new Relu(), new MaxPool2d(2), new Flatten(), new Linear(8 * 5 * 5, 4));
            model.Initialize(3);
            var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f, momentum: 0.9f), new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 4, HardwareAware = hwa });
            trainer.Fit(train);
            return trainer.Evaluate(SyntheticData.Make(300, 4, 10, seed: 2, noise: 0.35f)).Accuracy;
        }

        double plain = Accuracy(null), pcm = Accuracy(HardwareAwareOptions.Pcm);
        Assert.True(pcm > 0.95 && pcm > plain - 0.03, $"accuracy {pcm} with PCM noise, {plain} plain (chance 0.25)");
    }

    [Fact]
    public void Specs_parse_presets_and_overrides_and_name_what_is_wrong()
    {
        var o = HardwareAwareOptions.Parse("noise=0.03,clip=2.5,adc-bits=8,dac-bits=8,mult-noise=0.0,drop-connect=0.0,per-channel=true");
        Assert.Equal(new HardwareAwareOptions { Noise = 0.03f, Clip = 2.5f, AdcBits = 8, DacBits = 8, PerChannel = true }, o);
        Assert.Equal(o, HardwareAwareOptions.Parse(o.ToString()));
        Assert.Same(HardwareAwareOptions.Pcm, HardwareAwareOptions.Parse("pcm"));
        Assert.Equal(HardwareAwareOptions.Pcm with { AdcBits = 6 }, HardwareAwareOptions.Parse("pcm, adc-bits=6"));
        Assert.True(HardwareAwareOptions.Parse("none").IsIdeal);
        Assert.Equal(
            "noise=0.04,clip=2.5,dac-bits=8,adc-bits=8,mult-noise=0.15,drop-connect=0,per-channel=true",
            HardwareAwareOptions.Parse("pcm-drift").ToString());

        Assert.Contains("unknown key 'nosie'", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("nosie=0.1")).Message, StringComparison.Ordinal);
        Assert.Contains("noise must be a number in [0, 1], found 'abc'", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("noise=abc")).Message, StringComparison.Ordinal);
        Assert.Contains("adc-bits must be 0 (off) or an integer in 2..24, found '1'", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("adc-bits=1")).Message, StringComparison.Ordinal);
        Assert.Contains("per-channel must be true or false", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("per-channel=yes")).Message, StringComparison.Ordinal);
        Assert.Contains("'rram' is not a preset", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("rram")).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse(" ")).Message, StringComparison.Ordinal);
        Assert.Contains("clip must be a finite number >= 0", Assert.Throws<MemfluxException>(() => HardwareAwareOptions.Parse("clip=-1")).Message, StringComparison.Ordinal);
    }
}
