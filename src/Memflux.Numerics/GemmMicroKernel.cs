namespace Memflux.Numerics;

/// <summary>
/// A register-blocked micro-kernel: C[Mr×Nr] = Apanel·Bpanel (+ beta·C when beta ≠ 0), over packed k-major
/// slivers of A (Mr floats per k) and B (Nr floats per k). beta = 0 overwrites C without reading it.
/// </summary>
internal readonly unsafe struct GemmMicroKernel(int mr, int nr, delegate*<float*, float*, int, float*, int, float, void> run)
{
    /// <summary>The largest Mr·Nr of any kernel (the edge-tile scratch size).</summary>
    internal const int MaxTile = 12 * 32;

    /// <summary>Rows of C per tile (the broadcast operand).</summary>
    internal int Mr { get; } = mr;

    /// <summary>Columns of C per tile (the vector operand).</summary>
    internal int Nr { get; } = nr;

    /// <summary>Runs the kernel: (packedA, packedB, kc, c, ldc, beta).</summary>
    internal delegate*<float*, float*, int, float*, int, float, void> Run { get; } = run;
}
