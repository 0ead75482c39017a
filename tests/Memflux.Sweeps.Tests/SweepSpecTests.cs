using System.Text.Json.Nodes;
using Memflux.Numerics;

namespace Memflux.Sweeps.Tests;

public class SweepSpecTests
{
    private static JsonNode Resolve(JsonObject experiment)
    {
        if (experiment["device"]?["preset"]?.GetValue<string>() is "bogus")
        {
            throw new MemfluxException("device.preset: unknown preset 'bogus'.");
        }

        return experiment;
    }

    private static SweepSpec Parse(string json) => SweepSpec.Parse(json, "s.json", _ => throw new InvalidOperationException());

    [Fact]
    public void The_grid_runs_the_last_axis_fastest_and_multiplies_explicit_points()
    {
        var spec = Parse("""
            { "experiment": { "model": "fashion-cnn", "device": { "preset": "pcm" } },
              "axes": { "device.preset": ["pcm", "rram"], "tile.adc_bits": [4, 6, 8] },
              "points": [ { "model": "fashion-cnn" }, { "model": "fashion-cnn-hwa" } ] }
            """);
        Assert.Equal(12, spec.PointCount);
        var points = spec.Expand("v1", Resolve);
        Assert.Equal(12, points.Count);
        Assert.Equal(Enumerable.Range(0, 12), points.Select(p => p.Index));
        Assert.Equal("{\"device\":{\"preset\":\"pcm\"},\"model\":\"fashion-cnn\",\"tile\":{\"adc_bits\":6}}", points[1].Config);
        Assert.Equal("fashion-cnn-hwa", (string)points[11].Settings["model"]!);
        Assert.Equal("rram", (string)points[11].Settings["device.preset"]!);
        Assert.Equal(12, points.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void A_point_is_identified_by_its_configuration_not_by_key_order_or_number_spelling()
    {
        var a = Parse("""{ "experiment": { "x": 1.0, "y": { "b": 2, "a": 1 } } }""").Expand("v1", Resolve)[0];
        var b = Parse("""{ "experiment": { "y": { "a": 1e0, "b": 2 }, "x": 1 } }""").Expand("v1", Resolve)[0];
        var c = Parse("""{ "experiment": { "y": { "a": 1e0, "b": 2 }, "x": 1 } }""").Expand("v2", Resolve)[0];
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
    }

    [Theory]
    [InlineData("""{ "axes": {} }""", "$.experiment: missing")]
    [InlineData("""{ "experiment": {}, "axis": {} }""", "$.axis: unknown field")]
    [InlineData("""{ "experiment": {}, "axes": { "a": [] } }""", "$.axes['a']: expected a non-empty list")]
    [InlineData("""{ "experiment": {}, "axes": { "a..b": [1] } }""", "$.axes['a..b']")]
    [InlineData("""{ "experiment": {}, "axes": [1] }""", "$.axes: expected an object")]
    [InlineData("""{ "experiment": {}, "axes": { "a": [1] }, "points": [ { "a": 2 } ] }""", "$.points[0]['a']: the field is also an axis")]
    [InlineData("""{ "experiment": {}, "points": [ 3 ] }""", "$.points[0]: expected an object")]
    [InlineData("""{ "experiment": {}, "experiment": {} }""", "not valid JSON")]
    [InlineData("""[1]""", "$: expected a JSON object")]
    public void Bad_sweep_files_are_errors_naming_the_json_path(string json, string expected)
    {
        var error = Assert.Throws<MemfluxException>(() => Parse(json));
        Assert.Contains("s.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_point_names_the_axis_value_that_made_it()
    {
        var spec = Parse("""{ "experiment": { "device": { "preset": "pcm" } }, "axes": { "device.preset": ["pcm", "bogus"] } }""");
        var error = Assert.Throws<MemfluxException>(() => spec.Expand("v1", Resolve));
        Assert.Contains("point 1 ($.axes['device.preset'][1]): device.preset: unknown preset 'bogus'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_points_are_refused_before_expansion()
    {
        string values = "[" + string.Join(',', Enumerable.Range(0, 1001)) + "]";
        var error = Assert.Throws<MemfluxException>(() => Parse($$"""{ "experiment": {}, "axes": { "a": {{values}}, "b": {{values}} } }"""));
        Assert.Contains("1002001 points", error.Message, StringComparison.Ordinal);
    }
}
