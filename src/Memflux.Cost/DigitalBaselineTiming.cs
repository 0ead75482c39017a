using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// How long the digital baseline (<see cref="DigitalBaseline"/>: int8 weights fetched once per batch) takes, on the
/// weight-stationary systolic array of Google's first TPU (N. P. Jouppi et al., "In-Datacenter Performance Analysis of a
/// Tensor Processing Unit", ISCA 2017: a 256 × 256 array of 8-bit MACs at 700 MHz, 92 TOPS peak; weights from DDR3 at
/// 34 GB/s, Table 2; activations in a 24 MiB on-chip Unified Buffer). Layers run one after another on the one array. A
/// layer's MVM passes ceil(k / 256) × ceil(n / 256) weight tiles of the array per input vector, one vector per cycle per
/// tile, so its compute time over the batch is MVMs × groups × batch × tiles / 700 MHz; its weights (k · n · groups bytes)
/// cross the DRAM interface once per batch at 34 GB/s, overlapped with compute (the TPU's weight FIFO double-buffers
/// them), so the layer takes the longer of the two: compute-bound or weight-fetch-bound, as in Jouppi et al.'s roofline
/// analysis. Activations stay in the Unified Buffer, assumed never to limit [memflux_assumption], and the graph's digital
/// nodes (activation functions, softmax, pooling) are left out, as the baseline's energy leaves them out.
/// </summary>
/// <param name="Batch">Images streamed (sharing one fetch of the weights).</param>
/// <param name="MakespanNs">Time for the whole batch, in ns: Σ over layers of max(compute, weight fetch).</param>
/// <param name="ComputeNs">Time the MAC array is busy over the batch, in ns.</param>
/// <param name="WeightFetchNs">Time the DRAM interface is busy fetching weights over the batch, in ns.</param>
/// <param name="ComputeBoundLayers">Layers whose compute takes longer than their weight fetch.</param>
/// <param name="WeightBoundLayers">Layers whose weight fetch takes at least as long as their compute.</param>
public sealed record DigitalBaselineTiming(int Batch, double MakespanNs, double ComputeNs, double WeightFetchNs, int ComputeBoundLayers, int WeightBoundLayers)
{
    /// <summary>Side of the square MAC array: 256 (Jouppi et al., ISCA 2017).</summary>
    public const int ArraySide = 256;

    /// <summary>Clock of the MAC array: 700 MHz, i.e. 0.7 cycles per ns (Jouppi et al., ISCA 2017).</summary>
    public const double ClockGhz = 0.7;

    /// <summary>Weight memory bandwidth: 34 GB/s of DDR3, 272 bits per ns (Jouppi et al., ISCA 2017, Table 2).</summary>
    public const double WeightBandwidthGbps = 34 * 8;

    /// <summary>Time per image when the batch streams (makespan / batch), in ns.</summary>
    public double TimePerImageNs => MakespanNs / Batch;

    /// <summary>Images per second over the batch.</summary>
    public double ThroughputIps => Batch * 1e9 / MakespanNs;

    /// <summary>Times <paramref name="network"/> streaming <paramref name="batch"/> images on the baseline.</summary>
    public static DigitalBaselineTiming Estimate(NetworkProfile network, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        double makespan = 0, compute = 0, fetch = 0;
        int computeBound = 0, weightBound = 0;
        foreach (var layer in network.Layers)
        {
            double tiles = (double)((layer.Inputs + ArraySide - 1) / ArraySide) * ((layer.Outputs + ArraySide - 1) / ArraySide);
            double c = layer.MvmsPerImage * (double)layer.Groups * batch * tiles / ClockGhz;
            double w = layer.WeightCount * 8.0 / WeightBandwidthGbps;
            compute += c;
            fetch += w;
            makespan += Math.Max(c, w);
            if (c > w)
            {
                computeBound++;
            }
            else
            {
                weightBound++;
            }
        }

        return new DigitalBaselineTiming(batch, makespan, compute, fetch, computeBound, weightBound);
    }
}
