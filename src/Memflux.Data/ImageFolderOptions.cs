namespace Memflux.Data;

/// <summary>The order of colour channels an image model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (PyTorch and most exporters).</summary>
    Rgb,

    /// <summary>Blue, green, red (OpenCV and Caffe lineage).</summary>
    Bgr,
}

/// <summary>Where the channel dimension of an image input sits.</summary>
public enum ImageLayout
{
    /// <summary>[N, C, H, W] (PyTorch, ONNX's default).</summary>
    Nchw,

    /// <summary>[N, H, W, C] (TensorFlow/Keras exports).</summary>
    Nhwc,
}

/// <summary>
/// How <see cref="ImageFolderReader"/> turns images into an input tensor. Every property left null is decided from the
/// model's input (or a stated default), and the decision is written to the sample set's notes.
/// </summary>
public sealed record ImageFolderOptions
{
    /// <summary>Resize so the shorter side has this many pixels (aspect kept, bilinear), before the crop. Default: the crop's larger side.</summary>
    public int? ResizeShorterSide { get; init; }

    /// <summary>
    /// True: resize the shorter side, then center-crop to the model input's height and width. False: resize straight to
    /// that height and width (the aspect ratio is not kept; Keras's default). Default: true.
    /// </summary>
    public bool? CenterCrop { get; init; }

    /// <summary>Per-channel mean subtracted after scaling (in the model's channel order). Default: none.</summary>
    public float[]? Mean { get; init; }

    /// <summary>Per-channel standard deviation divided by after the mean. Default: none (1).</summary>
    public float[]? Std { get; init; }

    /// <summary>Channel order. Default: RGB.</summary>
    public ChannelOrder? ChannelOrder { get; init; }

    /// <summary>Layout. Default: inferred from the model's input shape (a dimension of 1 or 3 in position 1 or 3), else NCHW.</summary>
    public ImageLayout? Layout { get; init; }

    /// <summary>Divide pixel values by 255 to [0, 1]. Default: true for floating-point inputs; uint8 inputs get the raw bytes.</summary>
    public bool? ScaleToUnit { get; init; }
}
