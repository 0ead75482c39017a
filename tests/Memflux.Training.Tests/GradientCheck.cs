using Memflux.Numerics;

namespace Memflux.Training.Tests;

/// <summary>Central finite differences against the analytic gradients of fp32 layers.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Central-difference step. The layers compute in fp32 and the objective is summed in fp64, so its rounding
    /// error is ~1e-6; divided by 2h that is ~1e-4, well inside the tolerance, while the truncation error h²·f‴
    /// stays small for the smooth parts. Inputs are kept away from ReLU and max-pool kinks by more than h.
    /// </summary>
    public const float Step = 4e-3f;

    /// <summary>|analytic − numeric| must be within this plus <see cref="RelativeTolerance"/>·max(|a|, |n|).</summary>
    public const double AbsoluteTolerance = 1e-3;

    /// <summary>Relative part of the tolerance.</summary>
    public const double RelativeTolerance = 1e-2;

    /// <summary>Checks dObjective/dInput and every parameter gradient of <paramref name="layer"/> for L = Σ r·layer(x).</summary>
    public static void CheckLayer(Layer layer, Tensor x, bool training, int seed = 1, int maxPerTensor = 60)
    {
        var context = new PassContext(training, step: 7);
        var y = layer.Forward(x, context);
        float[] r = RandomTensors.Uniform(seed, [.. y.Shape.Dimensions]).Float32Array;
        layer.ZeroGrad();
        float[] dx = layer.Backward(Tensor.FromFloat32(r, y.Shape), context).Float32.ToArray();
        double Objective()
        {
            var output = layer.Forward(x, context).Float32;
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
            {
                sum += (double)r[i] * output[i];
            }

            return sum;
        }

        var targets = new List<(string, float[], float[])> { ("input", x.Float32Array, dx) };
        targets.AddRange(layer.Parameters.Select(p => (p.Name, p.Value, p.Gradient.ToArray())));
        Compare(layer.Describe(), Objective, targets, seed, maxPerTensor, kinks: false);
    }

    /// <summary>
    /// Compares analytic gradients with central differences of <paramref name="objective"/> at up to
    /// <paramref name="maxPerTensor"/> elements per tensor. With <paramref name="kinks"/>, an element whose central
    /// difference straddles a ReLU or max-pool kink passes when either one-sided difference matches.
    /// </summary>
    public static void Compare(string what, Func<double> objective, IEnumerable<(string Name, float[] Values, float[] Analytic)> targets, int seed, int maxPerTensor, bool kinks, float step = Step)
    {
        double center = objective();
        var rng = new Random(seed);
        int checkedCount = 0;
        var failures = new List<string>();
        foreach (var (name, values, analytic) in targets)
        {
            Assert.Equal(values.Length, analytic.Length);
            var indices = Enumerable.Range(0, values.Length).OrderBy(_ => rng.Next()).Take(maxPerTensor);
            foreach (int i in indices)
            {
                float saved = values[i];
                values[i] = saved + step;
                double plus = objective();
                values[i] = saved - step;
                double minus = objective();
                values[i] = saved;
                double numeric = (plus - minus) / (2 * (double)step);
                double a = analytic[i];
                checkedCount++;
                if (!Agrees(a, numeric) && !(kinks && (Agrees(a, (plus - center) / step) || Agrees(a, (center - minus) / step))))
                {
                    failures.Add($"{name}[{i}]: analytic {a:g6}, numeric {numeric:g6}");
                }
            }
        }

        Assert.True(checkedCount > 0, $"{what}: nothing to check");
        Assert.True(
            failures.Count == 0,
            $"{what}: {failures.Count} of {checkedCount} gradients disagree:\n{string.Join("\n", failures.Take(20))}");
    }

    // With a kink inside [x − h, x + h] the central difference mixes two slopes; the one-sided differences still
    // each see one of them, so a caller that expects kinks accepts a match with either.
    private static bool Agrees(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) <= AbsoluteTolerance + (RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric)));

    /// <summary>A tensor of distinct values spaced 0.05 apart in random order (no ties within 2·Step, none within Step of 0).</summary>
    public static Tensor Distinct(int seed, int[] dims)
    {
        var shape = new TensorShape(dims);
        var rng = new Random(seed);
        float[] data = [.. Enumerable.Range(0, shape.ElementCount).OrderBy(_ => rng.Next()).Select(i => ((i - (shape.ElementCount / 2)) * 0.05f) + 0.025f)];
        return Tensor.FromFloat32(data, shape);
    }
}
