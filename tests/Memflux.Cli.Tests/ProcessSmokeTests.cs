using System.Diagnostics;
using System.Text.Json;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>The one test that starts the real binary: stdout must be pure JSON when redirected.</summary>
public sealed class ProcessSmokeTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task Verify_json_in_a_real_process_is_pure_json_and_exit_0()
    {
        string path = _models.Write("relu.onnx", new OnnxModelBuilder(opset: 14).Input("x", [2, 3]).Node("Relu", ["x"], ["y"]).Output("y").Build());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "memflux.dll"), "verify", path, "--json", "--verbose"])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string stderr = await stderrTask;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.Contains("Running ONNX Runtime", stderr, StringComparison.Ordinal);
    }
}
