namespace Memflux.Numerics;

/// <summary>
/// Geometry of a 2-D convolution in NCHW layout with OIHW weights (O = out channels, I = in channels per group).
/// Pads may be asymmetric (ONNX <c>pads</c> = [top, left, bottom, right]).
/// </summary>
public readonly record struct Conv2DGeometry(
    int Batch,
    int InChannels,
    int InHeight,
    int InWidth,
    int OutChannels,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight = 1,
    int StrideWidth = 1,
    int PadTop = 0,
    int PadLeft = 0,
    int PadBottom = 0,
    int PadRight = 0,
    int DilationHeight = 1,
    int DilationWidth = 1,
    int Groups = 1)
{
    /// <summary>Output height: floor((H + padTop + padBottom − dilation·(kH−1) − 1) / stride) + 1.</summary>
    public int OutHeight => ((InHeight + PadTop + PadBottom - (DilationHeight * (KernelHeight - 1)) - 1) / StrideHeight) + 1;

    /// <summary>Output width, as <see cref="OutHeight"/>.</summary>
    public int OutWidth => ((InWidth + PadLeft + PadRight - (DilationWidth * (KernelWidth - 1)) - 1) / StrideWidth) + 1;

    /// <summary>Input channels seen by one group (the weight's second dimension).</summary>
    public int InChannelsPerGroup => InChannels / Groups;

    /// <summary>Output channels produced by one group.</summary>
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Elements in the input tensor.</summary>
    public int InputLength => Batch * InChannels * InHeight * InWidth;

    /// <summary>Elements in the weight tensor.</summary>
    public int WeightLength => OutChannels * InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>Elements in the output tensor.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Multiply-accumulates for one forward pass.</summary>
    public long Macs => (long)OutputLength * InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the geometry is inconsistent. Messages list fields, not the
    /// record: its ToString evaluates <see cref="OutHeight"/>, which divides by the stride.
    /// </summary>
    public void Validate()
    {
        if (Batch < 0 || InChannels <= 0 || InHeight <= 0 || InWidth <= 0 || OutChannels <= 0 || KernelHeight <= 0 || KernelWidth <= 0)
        {
            throw new ArgumentException(
                $"Convolution dimensions must be positive (batch may be 0): batch {Batch}, input {InChannels}×{InHeight}×{InWidth}, {OutChannels} output channels, kernel {KernelHeight}×{KernelWidth}.");
        }

        if (StrideHeight <= 0 || StrideWidth <= 0 || DilationHeight <= 0 || DilationWidth <= 0 || Groups <= 0)
        {
            throw new ArgumentException(
                $"Strides, dilations and groups must be positive: strides {StrideHeight}×{StrideWidth}, dilations {DilationHeight}×{DilationWidth}, groups {Groups}.");
        }

        if (PadTop < 0 || PadLeft < 0 || PadBottom < 0 || PadRight < 0)
        {
            throw new ArgumentException($"Pads must not be negative: [top {PadTop}, left {PadLeft}, bottom {PadBottom}, right {PadRight}].");
        }

        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
        {
            throw new ArgumentException($"Channels ({InChannels} in, {OutChannels} out) must divide into {Groups} groups.");
        }

        if (OutHeight <= 0 || OutWidth <= 0)
        {
            throw new ArgumentException($"Kernel larger than padded input: output would be {OutHeight}×{OutWidth}.");
        }
    }
}
