using System.Diagnostics;

namespace Memflux.Conformance.Tests;

/// <summary>
/// Where ONNX's backend test data lives: <c>MEMFLUX_ONNX_TESTDATA</c> when set, else Debian's libonnx-testdata
/// (<c>/usr/share/libonnx-testdata/data</c>), which this fixture installs with apt-get when it is missing and the
/// tests run as root (as on CI); otherwise the tests fail saying how to get it.
/// </summary>
internal static class OnnxBackendData
{
    public const string Variable = "MEMFLUX_ONNX_TESTDATA";
    public const string DebianPath = "/usr/share/libonnx-testdata/data";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The folder holding the suites (node, pytorch-converted, pytorch-operator, simple, real).</summary>
    public static string Directory => Root.Value;

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } custom)
        {
            return System.IO.Directory.Exists(custom) ? custom : throw new InvalidOperationException($"{Variable}={custom}: no such folder.");
        }

        if (!System.IO.Directory.Exists(DebianPath) && OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
        {
            Run("apt-get", "install -y -q libonnx-testdata");
            if (!System.IO.Directory.Exists(DebianPath))
            {
                Run("apt-get", "update -q");
                Run("apt-get", "install -y -q libonnx-testdata");
            }
        }

        return System.IO.Directory.Exists(DebianPath)
            ? DebianPath
            : throw new InvalidOperationException(
                $"ONNX's backend test data is missing: install Debian's libonnx-testdata (apt-get install libonnx-testdata) or set {Variable} to a folder holding node/, pytorch-converted/, ...");
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }
}
