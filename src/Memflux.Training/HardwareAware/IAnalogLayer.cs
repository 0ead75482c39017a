namespace Memflux.Training.HardwareAware;

/// <summary>A layer that an analog crossbar computes (a matrix product), and so takes hardware-aware training.</summary>
public interface IAnalogLayer
{
    /// <summary>The weights, laid out [output channels, …].</summary>
    Parameter Weight { get; }

    /// <summary>Output channels (rows of the weight matrix).</summary>
    int OutputChannels { get; }

    /// <summary>The hardware-aware settings used in training mode; null for plain training.</summary>
    HardwareAwareOptions? HardwareAware { get; set; }

    /// <summary>Keys this layer's weight noise (mixed with the optimizer step for each batch).</summary>
    ulong NoiseKey { get; set; }
}
