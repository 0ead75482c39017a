using System.Globalization;
using Memflux.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Memflux.Data;

/// <summary>
/// Reads a folder of images into a <see cref="SampleSet"/> for a model with one image input, decoded with
/// SixLabors.ImageSharp (PNG, JPEG, BMP only). Two layouts: the ImageFolder layout <c>root/CLASS/*.png</c> (classes sorted
/// by name are labels 0, 1, ...; images sorted by path within a class), or images directly in <c>root</c> (unlabelled,
/// sorted by name).
/// </summary>
/// <remarks>
/// Per image: resize so the shorter side is <see cref="ImageFolderOptions.ResizeShorterSide"/> (bilinear, antialiased
/// when shrinking, as PIL and torchvision do), center-crop to the input's height and width (offsets rounded as
/// torchvision rounds them), or, without a crop, resize straight to that size; then per channel
/// <c>(value / 255 - mean) / std</c>. Each choice the caller left open is decided from the model's input shape or a
/// stated default and written to the notes. Images are identified before they are decoded, so one declaring more than
/// <see cref="MaxPixels"/> pixels is refused without allocating it; an undecodable image is an error naming the file.
/// </remarks>
public static class ImageFolderReader
{
    /// <summary>The file extensions read (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Largest image accepted, in pixels (2^26, about 67 megapixels).</summary>
    public const long MaxPixels = 1L << 26;

    // Only the formats the reader promises: a file named .png that holds another format is an error, not a surprise.
    private static readonly Configuration Decoders = new(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule());

    /// <summary>True when <paramref name="folder"/> holds images directly or in class folders.</summary>
    public static bool IsImageFolder(string folder) =>
        Directory.EnumerateFiles(folder).Any(IsImage)
        || Directory.EnumerateDirectories(folder).Any(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any(IsImage));

    /// <summary>
    /// Reads the images under <paramref name="root"/> for <paramref name="input"/> (rank 4, NCHW or NHWC, 1 or 3
    /// channels, floating-point or uint8), in runs of the input's batch.
    /// </summary>
    /// <param name="root">The folder.</param>
    /// <param name="input">The model's image input.</param>
    /// <param name="options">Preprocessing; what is left null is decided and noted.</param>
    /// <param name="labels">Labels for a folder without classes (one per image in name order), or null.</param>
    /// <param name="notes">Lines to start the set's notes with.</param>
    public static SampleSet Read(string root, SampleInput input, ImageFolderOptions options, long[]? labels = null, IEnumerable<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var allNotes = new List<string>(notes ?? []);
        var (files, classLabels) = List(root, allNotes);
        if (classLabels is not null && labels is not null)
        {
            throw new MemfluxException($"{root}: the class folders already label the images; labels from a file are only for a folder of images without classes.");
        }

        labels ??= classLabels;
        var plan = ImagePlan.Resolve(root, input, options, allNotes);
        int batch = input.Batch;
        if (files.Count % batch != 0)
        {
            throw new MemfluxException($"{root}: holds {files.Count} images, not a multiple of the model's batch {batch} (input '{input.Name}' {input.Shape}); pass a --batch that divides {files.Count}, or add or remove images.");
        }

        if (labels is not null && labels.Length != files.Count)
        {
            throw new MemfluxException($"{root}: {labels.Length} labels for {files.Count} images; expected one label per image.");
        }

        var feeds = new List<IReadOnlyDictionary<string, Tensor>>(files.Count / batch);
        int perImage = input.Shape.ElementCount / batch;
        for (int start = 0; start < files.Count; start += batch)
        {
            var tensor = Tensor.Zeros(input.Type, input.Shape);
            for (int b = 0; b < batch; b++)
            {
                plan.Write(Decode(files[start + b], plan), tensor, b * perImage);
            }

            feeds.Add(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [input.Name] = tensor });
        }

        return new SampleSet(root, feeds, labels: labels, notes: allNotes);
    }

    private static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The image files in order, and their class labels when the folder has class folders.</summary>
    private static (List<string> Files, long[]? Labels) List(string root, List<string> notes)
    {
        if (!Directory.Exists(root))
        {
            throw new MemfluxException($"{root}: no such folder; expected a folder of images or of class folders of images.");
        }

        var classes = Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).ToList();
        var topFiles = Directory.EnumerateFiles(root).Order(StringComparer.Ordinal).ToList();
        var skipped = new List<string>();
        var files = new List<string>();
        long[]? labels = null;
        var classImages = classes.Select(c => Directory.EnumerateFiles(c, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()).ToList();
        if (classImages.Any(list => list.Any(IsImage)))
        {
            if (topFiles.Any(IsImage))
            {
                throw new MemfluxException($"{root}: holds both class folders and images of its own ({Path.GetFileName(topFiles.First(IsImage))}); expected ROOT/CLASS/image files only, or images directly in ROOT without class folders.");
            }

            skipped.AddRange(topFiles);
            var labelList = new List<long>();
            var names = new List<string>();
            for (int c = 0; c < classes.Count; c++)
            {
                var images = classImages[c].Where(IsImage).ToList();
                skipped.AddRange(classImages[c].Where(f => !IsImage(f)));
                files.AddRange(images);
                labelList.AddRange(Enumerable.Repeat((long)c, images.Count));
                names.Add($"{Path.GetFileName(classes[c])}={c}{(images.Count == 0 ? " (no images)" : "")}");
            }

            labels = [.. labelList];
            notes.Add($"{root}: {files.Count} images in {classes.Count} classes, labelled by sorted folder name: {string.Join(", ", names)}.");
        }
        else
        {
            files.AddRange(topFiles.Where(IsImage));
            skipped.AddRange(topFiles.Where(f => !IsImage(f)));
            if (files.Count == 0)
            {
                throw new MemfluxException($"{root}: holds no {string.Join("/", Extensions)} images, directly or in class folders.");
            }

            notes.Add($"{root}: {files.Count} images without class folders, in name order (unlabelled).");
        }

        if (skipped.Count > 0)
        {
            notes.Add($"{root}: skipped {skipped.Count} file(s) that are not {string.Join("/", Extensions)} images (first: {Path.GetRelativePath(root, skipped[0])}).");
        }

        return (files, labels);
    }

    private static Image<Rgb24> Decode(string path, ImagePlan plan)
    {
        try
        {
            var info = Image.Identify(Decoders, path, out _)
                ?? throw new MemfluxException($"{path}: not a PNG, JPEG or BMP image (the content is not one of these formats, whatever the extension).");
            if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
            {
                throw new MemfluxException($"{path}: the image declares {info.Width}x{info.Height} pixels; expected 1 to {MaxPixels} pixels.");
            }

            var image = Image.Load<Rgb24>(Decoders, path);
            try
            {
                plan.Transform(image, path);
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot decode the image ({e.Message}); expected a valid PNG, JPEG or BMP file.", e);
        }
    }

    /// <summary>The preprocessing decided for one input: sizes, channels, layout and the affine map of each channel.</summary>
    private sealed class ImagePlan
    {
        private int _height, _width, _channels, _resize;
        private bool _crop, _nhwc, _bgr, _scale;
        private float[] _mean = [], _std = [];
        private DataType _type;

        public static ImagePlan Resolve(string root, SampleInput input, ImageFolderOptions o, List<string> notes)
        {
            var s = input.Shape;
            string where = $"{root}: input '{input.Name}' {input.Type.OnnxName()}{s}";
            if (s.Rank != 4)
            {
                throw new MemfluxException($"{where} is not an image batch; images need a rank-4 input [N,C,H,W] or [N,H,W,C].");
            }

            if (!input.Type.IsFloatingPoint() && input.Type != DataType.UInt8)
            {
                throw new MemfluxException($"{where}: images fill FLOAT, FLOAT16, DOUBLE or UINT8 inputs, not {input.Type.OnnxName()}.");
            }

            var plan = new ImagePlan { _type = input.Type };
            var parts = new List<string>();
            bool channelsFirst = s[1] is 1 or 3, channelsLast = s[3] is 1 or 3;
            var layout = o.Layout ?? (channelsLast && !channelsFirst ? ImageLayout.Nhwc : ImageLayout.Nchw);
            string layoutWhy = o.Layout is not null ? "given" : channelsFirst != channelsLast ? "from the input's shape" : "default";
            plan._nhwc = layout == ImageLayout.Nhwc;
            plan._channels = plan._nhwc ? s[3] : s[1];
            plan._height = plan._nhwc ? s[1] : s[2];
            plan._width = plan._nhwc ? s[2] : s[3];
            if (plan._channels is not (1 or 3))
            {
                throw new MemfluxException($"{where} has {plan._channels} channels in {layout.ToString().ToUpperInvariant()} layout; images give 1 (grayscale) or 3 (colour).");
            }

            parts.Add($"{layout.ToString().ToUpperInvariant()} ({layoutWhy})");
            plan._crop = o.CenterCrop ?? true;
            if (plan._crop)
            {
                plan._resize = o.ResizeShorterSide ?? Math.Max(plan._height, plan._width);
                if (plan._resize < Math.Max(plan._height, plan._width))
                {
                    throw new MemfluxException($"{where}: resizing the shorter side to {plan._resize} px leaves too little for the input's {plan._height}x{plan._width} center crop; expected at least {Math.Max(plan._height, plan._width)}.");
                }

                parts.Add($"resize shorter side to {plan._resize} px, bilinear ({(o.ResizeShorterSide is null ? "default: the crop's larger side" : "given")})");
                parts.Add($"center crop {plan._height}x{plan._width} (the input's H and W{(o.CenterCrop is null ? "; default" : "")})");
            }
            else
            {
                if (o.ResizeShorterSide is not null)
                {
                    throw new MemfluxException($"{where}: a shorter-side resize applies only with the center crop; without it images are resized straight to {plan._height}x{plan._width}.");
                }

                parts.Add($"resize to {plan._height}x{plan._width}, bilinear, aspect ratio not kept (no center crop, given)");
            }

            if (plan._channels == 3)
            {
                plan._bgr = (o.ChannelOrder ?? ChannelOrder.Rgb) == ChannelOrder.Bgr;
                parts.Add($"{(plan._bgr ? "BGR" : "RGB")} ({(o.ChannelOrder is null ? "default" : "given")})");
            }
            else
            {
                if (o.ChannelOrder is not null)
                {
                    throw new MemfluxException($"{where} has 1 channel; a channel order applies to colour inputs only.");
                }

                parts.Add("grayscale 0.299 R + 0.587 G + 0.114 B (the input has 1 channel)");
            }

            bool floating = input.Type.IsFloatingPoint();
            if (!floating && (o.ScaleToUnit == true || o.Mean is not null || o.Std is not null))
            {
                throw new MemfluxException($"{where} is UINT8: it takes the raw pixel bytes, so scaling and mean/std do not apply.");
            }

            plan._scale = o.ScaleToUnit ?? floating;
            parts.Add(floating ? (plan._scale ? "values scaled to [0, 1]" : "values 0..255") + (o.ScaleToUnit is null ? " (default)" : " (given)") : "raw pixel bytes 0..255 (UINT8 input)");
            plan._mean = PerChannel(o.Mean, 0, plan._channels, "mean", where);
            plan._std = PerChannel(o.Std, 1, plan._channels, "std", where);
            if (plan._std.Any(v => !(v > 0) || float.IsInfinity(v)))
            {
                throw new MemfluxException($"{root}: std {string.Join(",", plan._std)} must be finite and positive.");
            }

            if (floating)
            {
                parts.Add(o.Mean is null && o.Std is null ? "no mean/std normalization (default)" : $"mean {Join(plan._mean)}, std {Join(plan._std)} (given)");
            }

            notes.Add($"image preprocessing for '{input.Name}': {string.Join("; ", parts)}.");
            return plan;
        }

        public void Transform(Image<Rgb24> image, string path)
        {
            int w = image.Width, h = image.Height;
            if (!_crop)
            {
                if (w != _width || h != _height)
                {
                    image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(_width, _height), Sampler = KnownResamplers.Triangle, Mode = ResizeMode.Stretch }));
                }

                return;
            }

            bool wide = w >= h;

            // torchvision's Resize(int): the shorter side becomes the size, the longer scales and truncates.
            int newW = wide ? (int)((long)_resize * w / h) : _resize;
            int newH = wide ? _resize : (int)((long)_resize * h / w);
            if ((long)newW * newH > MaxPixels)
            {
                throw new MemfluxException($"{path}: a {w}x{h} image resized to a shorter side of {_resize} px would be {newW}x{newH}, over {MaxPixels} pixels.");
            }

            if (newW != w || newH != h)
            {
                image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(newW, newH), Sampler = KnownResamplers.Triangle, Mode = ResizeMode.Stretch }));
            }

            if (newW < _width || newH < _height)
            {
                throw new MemfluxException($"{path}: resized to {newW}x{newH}, smaller than the {_width}x{_height} crop.");
            }

            // Offsets as torchvision's center_crop rounds them: round half to even of (size - crop) / 2.
            int top = (int)Math.Round((newH - _height) / 2.0, MidpointRounding.ToEven);
            int left = (int)Math.Round((newW - _width) / 2.0, MidpointRounding.ToEven);
            if (newW != _width || newH != _height)
            {
                image.Mutate(x => x.Crop(new Rectangle(left, top, _width, _height)));
            }
        }

        public void Write(Image<Rgb24> image, Tensor destination, int offset)
        {
            using (image)
            {
                var pixels = new Rgb24[_width * _height];
                image.CopyPixelDataTo(pixels);
                var value = new float[_channels];
                for (int p = 0; p < pixels.Length; p++)
                {
                    var px = pixels[p];
                    if (_channels == 1)
                    {
                        value[0] = (0.299f * px.R) + (0.587f * px.G) + (0.114f * px.B);
                    }
                    else
                    {
                        value[0] = _bgr ? px.B : px.R;
                        value[1] = px.G;
                        value[2] = _bgr ? px.R : px.B;
                    }

                    for (int c = 0; c < _channels; c++)
                    {
                        int index = offset + (_nhwc ? (p * _channels) + c : (c * pixels.Length) + p);
                        Store(destination, index, c, value[c]);
                    }
                }
            }
        }

        private void Store(Tensor t, int index, int channel, float raw)
        {
            if (_type == DataType.UInt8)
            {
                t.AsSpan<byte>()[index] = (byte)Math.Clamp(MathF.Round(raw), 0, 255);
                return;
            }

            float v = ((_scale ? raw / 255f : raw) - _mean[channel]) / _std[channel];
            switch (_type)
            {
                case DataType.Float32: t.AsSpan<float>()[index] = v; break;
                case DataType.Float64: t.AsSpan<double>()[index] = v; break;
                default: t.AsSpan<Half>()[index] = (Half)v; break;
            }
        }

        private static float[] PerChannel(float[]? given, float fallback, int channels, string what, string where)
        {
            if (given is null)
            {
                return Enumerable.Repeat(fallback, channels).ToArray();
            }

            if (given.Length != channels)
            {
                throw new MemfluxException($"{where}: {what} has {given.Length} values; expected {channels}, one per channel.");
            }

            return given;
        }

        private static string Join(float[] values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }
}
