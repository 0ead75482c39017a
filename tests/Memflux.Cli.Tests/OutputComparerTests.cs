using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Tests;

public class OutputComparerTests
{
    private static Tensor T(int[] dims, params float[] data) => Tensor.FromFloat32(data, new TensorShape(dims));

    [Fact]
    public void Relative_error_is_scaled_by_the_largest_reference_magnitude()
    {
        var c = OutputComparer.CompareOne("y", T([1, 3], 1f, -4.5f, 2f), T([1, 3], 1f, -4f, 2f));
        Assert.Equal(0.5, c.MaxAbsError);
        Assert.Equal(4, c.MaxAbsReference);
        Assert.Equal(0.125, c.MaxRelError);
        Assert.False(new ComparisonResult([c]).Passes(0.1));
        Assert.True(new ComparisonResult([c]).Passes(0.125));
    }

    [Fact]
    public void Top1_is_per_batch_item_over_the_flattened_rest()
    {
        var expected = T([3, 2, 2], 0, 0, 0, 9, /**/ 5, 0, 0, 0, /**/ 0, 1, 0, 0);
        var actual = T([3, 2, 2], 0, 0, 0, 9, /**/ 0, 0, 6, 0, /**/ 0, 1, 0, 0);
        Assert.Equal(2.0 / 3, OutputComparer.Top1Agreement(actual, expected), 12);
    }

    [Fact]
    public void NaN_on_one_side_is_an_infinite_error_that_never_passes()
    {
        var c = OutputComparer.CompareOne("y", T([2], float.NaN, 1), T([2], 0, 1));
        Assert.Equal(double.PositiveInfinity, c.MaxAbsError);
        Assert.False(new ComparisonResult([c]).Passes(1e9));
    }

    [Fact]
    public void Shape_mismatch_and_missing_output_are_errors()
    {
        var ort = new Dictionary<string, Tensor> { ["y"] = T([2], 1, 2) };
        var e = Assert.Throws<MemfluxException>(() => OutputComparer.Compare(new Dictionary<string, Tensor> { ["y"] = T([1, 2], 1, 2) }, ort, "m.onnx"));
        Assert.Contains("[1,2]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<MemfluxException>(() => OutputComparer.Compare(new Dictionary<string, Tensor>(), ort, "m.onnx"));
        Assert.Contains("'y'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(2, Timing.Median([3, 1, 2]));
        Assert.Equal(2.5, Timing.Median([4, 1, 2, 3]));
    }

    [Fact]
    public void Paired_timing_runs_both_sides_in_every_pair_and_reports_positive_medians()
    {
        int memflux = 0, reference = 0;
        var t = Timing.Paired(() => memflux++, () => reference++, pairs: 4, minPairs: 3, budgetSeconds: 1e9);

        Assert.Equal(4, t.Pairs);
        Assert.True(memflux >= 4 + 1 && reference >= 4 + 1, $"warm-up plus four samples each; ran {memflux} and {reference}");
        Assert.True(t.MemfluxS > 0 && t.ReferenceS > 0 && t.Ratio > 0, $"{t}");
    }

    [Fact]
    public void Paired_timing_stops_after_the_minimum_once_the_budget_is_spent()
    {
        var t = Timing.Paired(() => Thread.Sleep(1), () => Thread.Sleep(1), pairs: 50, minPairs: 3, budgetSeconds: 0);

        Assert.Equal(3, t.Pairs);
    }
}
