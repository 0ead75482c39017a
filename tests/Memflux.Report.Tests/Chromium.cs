using System.Diagnostics;

namespace Memflux.Report.Tests;

/// <summary>
/// A headless Chromium (Debian's <c>chromium</c>) with its own fresh profile and the DevTools protocol on a port it
/// picks (read from DevToolsActivePort). Disposing kills it by its process id and deletes the profile.
/// </summary>
internal sealed class Chromium : IDisposable
{
    /// <summary>Where Debian installs it; MEMFLUX_CHROMIUM overrides.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("MEMFLUX_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;

    private Chromium(Process process, string profile, Uri browserEndpoint)
    {
        _process = process;
        _profile = profile;
        BrowserEndpoint = browserEndpoint;
    }

    /// <summary>The browser-level DevTools WebSocket.</summary>
    public Uri BrowserEndpoint { get; }

    /// <summary>Starts the browser; fails (never skips) when it is not installed: .ci/run installs it.</summary>
    public static Chromium Start()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: the report's browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it), or MEMFLUX_CHROMIUM naming a Chromium binary.");
        }

        string profile = Directory.CreateTempSubdirectory("memflux-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                break;
            }

            if (File.Exists(portFile) && File.ReadAllLines(portFile) is [var port, var path, ..] && port.Length > 0)
            {
                return new Chromium(process, profile, new Uri($"ws://127.0.0.1:{port}{path}"));
            }

            Thread.Sleep(100);
        }

        Kill(process);
        Directory.Delete(profile, recursive: true);
        throw new InvalidOperationException($"{Executable} did not open its DevTools port within 60 s (exited: {process.HasExited}).");
    }

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is the OS's to clean then.
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }
}
