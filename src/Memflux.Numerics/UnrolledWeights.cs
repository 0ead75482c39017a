using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Memflux.Numerics;

/// <summary>
/// Aᵀ for products with a convolution's unrolled input (<see cref="UnrolledSlivers.Multiply"/>): parts nᵢ×k
/// (row-major) stacked, packed once for the GEMM micro-kernel as <c>GemmJob</c> packs a row-major A: per k block of
/// <see cref="Gemm.KcBlock"/>, per Mr-row sliver (each part padded to whole slivers, so no sliver spans two parts),
/// k-major, padding rows zero. Pinned, so products may run on many threads without copying it; <see cref="Repack"/>
/// refreshes the values in place (an analog tile's effective weights change at every read).
/// </summary>
public sealed unsafe class UnrolledWeights
{
    private readonly float[] _buffer;
    private readonly int[] _partRows;

    /// <summary>Packs <paramref name="aTransposed"/> (parts of <paramref name="kCount"/> columns each) for the current kernel.</summary>
    public UnrolledWeights(IReadOnlyList<float[]> aTransposed, int kCount)
    {
        ArgumentNullException.ThrowIfNull(aTransposed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kCount);
        KernelKind = GemmSettings.Kernel;
        Kernel = Gemm.MicroKernelFor(KernelKind);
        KCount = kCount;
        _partRows = new int[aTransposed.Count];
        for (int i = 0; i < _partRows.Length; i++)
        {
            _partRows[i] = aTransposed[i].Length % kCount == 0
                ? aTransposed[i].Length / kCount
                : throw new ArgumentException($"UnrolledWeights: part {i} holds {aTransposed[i].Length} values, not a multiple of {kCount} columns.");
            Rows += _partRows[i];
            PaddedRows += Gemm.RoundUp(_partRows[i], Kernel.Mr);
        }

        _buffer = GC.AllocateUninitializedArray<float>((PaddedRows * kCount) + Gemm.AlignFloats, pinned: true);
        Data = Gemm.Align64((float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)));
        Repack(aTransposed);
    }

    /// <summary>k: the columns of every part (the unrolled input's rows a product reads).</summary>
    public int KCount { get; }

    /// <summary>n: the rows of all parts together (the rows of yᵀ).</summary>
    public int Rows { get; }

    /// <summary>Whether the values are packed for the kernel products would run on now (tests may force another).</summary>
    public bool IsCurrent => KernelKind == GemmSettings.Kernel;

    internal GemmKernelKind KernelKind { get; }

    internal GemmMicroKernel Kernel { get; }

    /// <summary>Rows with each part padded to whole Mr-slivers.</summary>
    internal int PaddedRows { get; }

    /// <summary>The rows of each part.</summary>
    internal ReadOnlySpan<int> PartRows => _partRows;

    /// <summary>The packed values, 64-byte aligned.</summary>
    internal float* Data { get; }

    /// <summary>Packs new values of parts with the shapes given at construction.</summary>
    public void Repack(IReadOnlyList<float[]> aTransposed)
    {
        ArgumentNullException.ThrowIfNull(aTransposed);
        if (aTransposed.Count != _partRows.Length || aTransposed.Where((p, i) => p.Length != _partRows[i] * KCount).Any())
        {
            throw new ArgumentException($"UnrolledWeights: expected {_partRows.Length} parts of [{string.Join(", ", _partRows.ToArray())}] rows × {KCount}.");
        }

        int mr = Kernel.Mr, rowBase = 0;
        for (int part = 0; part < _partRows.Length; part++)
        {
            float[] values = aTransposed[part];
            int rows = _partRows[part];
            for (int r0 = 0; r0 < rows; r0 += mr)
            {
                int valid = Math.Min(mr, rows - r0);
                for (int p0 = 0; p0 < KCount; p0 += Gemm.KcBlock)
                {
                    int kc = Math.Min(Gemm.KcBlock, KCount - p0);
                    float* d = Data + ((nint)p0 * PaddedRows) + ((nint)(rowBase + r0) * kc);
                    for (int p = 0; p < kc; p++)
                    {
                        for (int r = 0; r < mr; r++)
                        {
                            d[(p * mr) + r] = r < valid ? values[((r0 + r) * KCount) + p0 + p] : 0f;
                        }
                    }
                }
            }

            rowBase += Gemm.RoundUp(rows, mr);
        }
    }
}
