using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Memflux.Experiments;

/// <summary>
/// The process's resident memory and its peak over a stretch of work, on Linux: the peak resident set (VmHWM) is reset
/// before the work (<c>/proc/self/clear_refs</c> ← 5) and read after, so one process can measure several stretches one
/// after another. It counts everything the process holds in RAM: managed heap, native allocations (ONNX Runtime),
/// and mapped files. Elsewhere <see cref="Available"/> is false.
/// </summary>
internal static partial class ProcessMemory
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>Whether the peak can be reset and read here.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && File.Exists(ClearRefs) && TryReset();

    /// <summary>
    /// Collects garbage aggressively (every generation, the large-object heap compacted, free memory given back to
    /// the OS), so that the next stretch starts from the memory live data needs, then resets the peak.
    /// </summary>
    /// <returns>The resident bytes after collecting: the baseline the next peak is measured from.</returns>
    public static long Settle()
    {
        for (int i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        if (!Available)
        {
            return 0;
        }

        TrimNativeHeap();
        TryReset();
        return Read("VmRSS:");
    }

    /// <summary>The peak resident bytes since the last <see cref="Settle"/>.</summary>
    public static long Peak() => Available ? Read("VmHWM:") : 0;

    /// <summary>
    /// Gives the native heap's free memory back to the OS (glibc <c>malloc_trim</c>). Without it, memory that ONNX
    /// Runtime freed stays resident, the next baseline starts above it, and the next run's peak looks smaller than it is.
    /// </summary>
    private static void TrimNativeHeap()
    {
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl): nothing to trim with.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    private static bool TryReset()
    {
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Read(string field)
    {
        foreach (string line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                string kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{Status} has no {field}");
    }
}
