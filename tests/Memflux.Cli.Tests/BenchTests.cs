using System.Text.Json;
using Memflux.Cli.Analysis;
using Memflux.Cli.Commands;
using Memflux.Cli.Infrastructure;

namespace Memflux.Cli.Tests;

public class BenchTests
{
    [Fact]
    public void Json_results_have_name_times_and_ratio()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, CliServices.Default);
        int code = BenchCommand.Execute(context, new BenchPlan([17], [], Runs: 1, BudgetSeconds: 1), json: true);

        Assert.Equal(0, code);
        Assert.Equal("", error.ToString());
        using var doc = JsonDocument.Parse(output.ToString());
        var result = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("gemm 17^3", result.GetProperty("name").GetString());
        Assert.True(result.GetProperty("memflux_s").GetDouble() > 0);
        Assert.True(result.GetProperty("onnxruntime_s").GetDouble() > 0);
        Assert.Equal(
            result.GetProperty("memflux_s").GetDouble() / result.GetProperty("onnxruntime_s").GetDouble(),
            result.GetProperty("ratio_vs_onnxruntime").GetDouble(),
            9);
    }
}
