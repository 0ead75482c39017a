using Memflux.Chip.Analog;
using Memflux.Numerics;

namespace Memflux.Chip.Tests.Analog;

/// <summary>The fidelity and accuracy metrics of <c>eval</c> against values worked out by hand.</summary>
public class FidelityMetricsTests
{
    [Fact]
    public void IdenticalOutputsHaveNoErrorInfiniteSnrAndFullAgreement()
    {
        var r = F32([2, 3], 0.5f, -1f, 2f, 0f, 3f, -4f);
        var m = new FidelityMetrics();
        m.Add(r.Clone(), r);
        Assert.Equal(0, m.NormalizedRmsError);
        Assert.Equal(double.PositiveInfinity, m.SnrDecibels);
        Assert.Equal(1, m.CosineSimilarity, 15);
        Assert.Equal(1.0, m.Top1Agreement);
        Assert.Equal(2, m.Samples);
        Assert.Equal(2, m.ClassRows);
    }

    [Fact]
    public void KnownPerturbationGivesTheHandComputedValues()
    {
        // Rows r1 = [3, 4], r2 = [1, 0]; analog a1 = r1, a2 = [0, 1].
        // Σr² = 26, Σ(a − r)² = 2: NRMSE = √(2/26), SNR = 10·log10(13) dB; cosines 1 and 0 → 0.5; arg-max agrees in row 1 only.
        var m = new FidelityMetrics();
        m.Add(F32([2, 2], 3, 4, 0, 1), F32([2, 2], 3, 4, 1, 0));
        Assert.Equal(Math.Sqrt(2.0 / 26), m.NormalizedRmsError, 15);
        Assert.Equal(10 * Math.Log10(13), m.SnrDecibels, 12);
        Assert.Equal(0.5, m.CosineSimilarity, 15);
        Assert.Equal(0.5, m.Top1Agreement);
    }

    [Fact]
    public void ScaledOutputIsAlignedButOffByItsOwnSize()
    {
        // a = 2r: the error equals the signal (NRMSE 1, SNR 0 dB) while every sample points the same way (cosine 1).
        var m = new FidelityMetrics();
        m.Add(F32([1, 4], 2, -4, 6, 8), F32([1, 4], 1, -2, 3, 4));
        Assert.Equal(1, m.NormalizedRmsError, 15);
        Assert.Equal(0, m.SnrDecibels, 12);
        Assert.Equal(1, m.CosineSimilarity, 15);
        Assert.Equal(1.0, m.Top1Agreement);
    }

    [Fact]
    public void AllZeroReferenceIsInfinitelyFarAndOrthogonal()
    {
        var m = new FidelityMetrics();
        m.Add(F32([2, 2], 0, 0, 1, 0), F32([2, 2], 0, 0, 0, 0));
        Assert.Equal(double.PositiveInfinity, m.NormalizedRmsError);
        Assert.Equal(double.NegativeInfinity, m.SnrDecibels);
        Assert.Equal(0.5, m.CosineSimilarity, 15); // row 1: both zero (1); row 2: only the reference zero (0)
    }

    [Fact]
    public void RunsAccumulateAsOneLongRun()
    {
        var a1 = F32([2, 3], 1, 2, 3, 4, 5, 6);
        var r1 = F32([2, 3], 1, 2, 4, 4, 6, 5);
        var a2 = F32([1, 3], -1, 0, 1);
        var r2 = F32([1, 3], -1, 1, 0);
        var split = new FidelityMetrics();
        split.Add(a1, r1);
        split.Add(a2, r2);
        var whole = new FidelityMetrics();
        whole.Add(F32([3, 3], 1, 2, 3, 4, 5, 6, -1, 0, 1), F32([3, 3], 1, 2, 4, 4, 6, 5, -1, 1, 0));
        Assert.Equal(whole.NormalizedRmsError, split.NormalizedRmsError, 15);
        Assert.Equal(whole.SnrDecibels, split.SnrDecibels, 12);
        Assert.Equal(whole.CosineSimilarity, split.CosineSimilarity, 15);
        Assert.Equal(whole.Top1Agreement, split.Top1Agreement);
        Assert.Equal(3, split.Samples);
        Assert.Equal(1.0 / 3, split.Top1Agreement!.Value, 15); // rows 2 and 3 disagree
    }

    [Fact]
    public void RankOneOutputIsOneSampleAndTokenRowsCountForAgreement()
    {
        var vector = new FidelityMetrics();
        vector.Add(F32([3], 1, 0, 0), F32([3], 0, 1, 0));
        Assert.Equal(1, vector.Samples);
        Assert.Equal(0, vector.CosineSimilarity);
        Assert.Equal(0.0, vector.Top1Agreement);

        // [samples=1, tokens=2, classes=2]: one cosine sample, two agreement rows.
        var tokens = new FidelityMetrics();
        tokens.Add(F32([1, 2, 2], 1, 0, 1, 0), F32([1, 2, 2], 1, 0, 0, 1));
        Assert.Equal(1, tokens.Samples);
        Assert.Equal(2, tokens.ClassRows);
        Assert.Equal(0.5, tokens.Top1Agreement);
        Assert.Equal(0.5, tokens.CosineSimilarity, 15);
    }

    [Fact]
    public void OutputsWithoutAClassAxisHaveNoAgreement()
    {
        var m = new FidelityMetrics();
        m.Add(F32([4, 1], 1, 2, 3, 4), F32([4, 1], 1, 2, 3, 5));
        Assert.Null(m.Top1Agreement);
        Assert.Equal(Math.Sqrt(1.0 / 39), m.NormalizedRmsError, 15);
        Assert.Equal(1, m.CosineSimilarity, 15); // each sample is one positive number
    }

    [Fact]
    public void IntegerOutputsAreComparedAsNumbers()
    {
        var m = new FidelityMetrics();
        m.Add(Tensor.FromInt64([3, 4, 1, 0], new TensorShape(2, 2)), Tensor.FromInt64([3, 4, 0, 1], new TensorShape(2, 2)));
        Assert.Equal(10 * Math.Log10(13), m.SnrDecibels, 12);
        Assert.Equal(0.5, m.Top1Agreement);
    }

    [Fact]
    public void ShapesMustMatch()
    {
        var m = new FidelityMetrics();
        Assert.Throws<ArgumentException>(() => m.Add(F32([1, 2], 1, 2), F32([2, 1], 1, 2)));
    }

    [Fact]
    public void TopOneAndTopFiveAccuracyCountRanksWithTiesToTheLowerIndex()
    {
        // 7 classes. Row 1: label 6 has the highest score. Row 2: label 0 is 5th highest. Row 3: label 6 ties with
        // classes 1..5 at the top, so five classes rank above it (equal score, lower index): not top-5.
        var scores = F32(
            [3, 7],
            0, 1, 2, 3, 4, 5, 9,
            5, 6, 7, 8, 9, 1, 0,
            0, 1, 1, 1, 1, 1, 1);
        var accuracy = new LabelAccuracy();
        accuracy.Add(scores, [6, 0, 6]);
        Assert.Equal(3, accuracy.Rows);
        Assert.Equal(1, accuracy.Top1Correct);
        Assert.Equal(2, accuracy.Top5Correct);
        Assert.Equal(1.0 / 3, accuracy.Top1, 15);
        Assert.Equal(2.0 / 3, accuracy.Top5, 15);
    }

    [Fact]
    public void LabelsOutsideTheClassesAreUserErrors()
    {
        var accuracy = new LabelAccuracy();
        var error = Assert.Throws<MemfluxException>(() => accuracy.Add(F32([1, 3], 1, 2, 3), [3]));
        Assert.Contains("label 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummariesHandleInfiniteValues()
    {
        var finite = MetricSummary.Of([1.0, 2.0, 3.0]);
        var (mean, ci) = Statistics.MeanAndCi95([1.0, 2.0, 3.0]);
        Assert.Equal(mean, finite.Mean);
        Assert.Equal(ci, finite.Ci95);

        var identical = MetricSummary.Of([double.PositiveInfinity, double.PositiveInfinity]);
        Assert.Equal(double.PositiveInfinity, identical.Mean);
        Assert.Equal(0, identical.Ci95);

        var one = MetricSummary.Of([double.PositiveInfinity]);
        Assert.Equal(double.PositiveInfinity, one.Mean);
        Assert.True(double.IsNaN(one.Ci95));

        var mixed = MetricSummary.Of([double.PositiveInfinity, 40.0]);
        Assert.Equal(double.PositiveInfinity, mixed.Mean);
        Assert.True(double.IsNaN(mixed.Ci95));
    }

    private static Tensor F32(int[] dims, params float[] values) => Tensor.FromFloat32(values, new TensorShape(dims));
}
