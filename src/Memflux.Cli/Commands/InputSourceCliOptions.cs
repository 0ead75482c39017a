using System.CommandLine;
using System.Globalization;
using Memflux.Data;
using Memflux.Experiments;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>--inputs PATH</c>, <c>--labels FILE.npy</c> and the image preprocessing options (<c>--resize</c>, <c>--crop</c>,
/// <c>--mean</c>, <c>--std</c>, <c>--channel-order</c>, <c>--layout</c>, <c>--pixel-scale</c>): the data a user brings,
/// read by <see cref="InputSources.Load"/>. Every verb that takes <c>--inputs</c> adds this group, so they read the same
/// sources with the same options.
/// </summary>
internal sealed class InputSourceCliOptions
{
    private readonly Option<string?> _inputs = new("--inputs")
    {
        Description = "Run on these inputs instead of random ones: " + InputSources.Accepted + ".",
        HelpName = "PATH",
    };

    private readonly Option<string?> _labels = new("--labels")
    {
        Description = "Integer class labels, one per sample, as a rank-1 .npy (an image folder with class folders labels itself).",
        HelpName = "FILE.npy",
    };

    private readonly Option<int?> _resize = new("--resize")
    {
        Description = "Images: resize the shorter side to N pixels before the center crop (default: the crop's larger side).",
        HelpName = "N",
    };

    private readonly Option<string?> _crop = new("--crop") { Description = "Images: 'center' (default) crops the model input's HxW after the resize; 'none' resizes straight to HxW." };
    private readonly Option<string?> _mean = new("--mean") { Description = "Images: per-channel mean subtracted after scaling, e.g. 0.485,0.456,0.406 (default: none).", HelpName = "M1,M2,M3" };
    private readonly Option<string?> _std = new("--std") { Description = "Images: per-channel standard deviation divided by, e.g. 0.229,0.224,0.225 (default: none).", HelpName = "S1,S2,S3" };
    private readonly Option<string?> _channelOrder = new("--channel-order") { Description = "Images: rgb (default) or bgr." };
    private readonly Option<string?> _layout = new("--layout") { Description = "Images: nchw or nhwc (default: from the model input's shape, else nchw)." };
    private readonly Option<string?> _pixelScale = new("--pixel-scale") { Description = "Images: unit divides pixel values by 255 to [0, 1] (default for float inputs); raw keeps 0..255." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public InputSourceCliOptions(Command command)
    {
        _crop.AcceptOnlyFromAmong("center", "none");
        _channelOrder.AcceptOnlyFromAmong("rgb", "bgr");
        _layout.AcceptOnlyFromAmong("nchw", "nhwc");
        _pixelScale.AcceptOnlyFromAmong("unit", "raw");
        _resize.AddAtLeastOne();
        _mean.AddCheck(FloatsCheck(_mean));
        _std.AddCheck(FloatsCheck(_std));
        Option[] all = [_inputs, _labels, _resize, _crop, _mean, _std, _channelOrder, _layout, _pixelScale];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(r =>
        {
            if (r.GetValue(_inputs) is null && all.Skip(1).FirstOrDefault(o => r.GetResult(o) is not null) is { } orphan)
            {
                r.AddError($"{orphan.Name} applies to --inputs; give --inputs PATH too.");
            }
        });
    }

    /// <summary>The --inputs path, or null when the verb should make its own inputs.</summary>
    public string? Path(ParseResult parse) => parse.GetValue(_inputs);

    /// <summary>The reader options from the command line.</summary>
    public InputSourceOptions ToOptions(ParseResult parse) => new(
        parse.GetValue(_labels),
        new ImageFolderOptions
        {
            ResizeShorterSide = parse.GetValue(_resize),
            CenterCrop = parse.GetValue(_crop) is string crop ? crop == "center" : null,
            Mean = Floats(parse.GetValue(_mean)),
            Std = Floats(parse.GetValue(_std)),
            ChannelOrder = parse.GetValue(_channelOrder) switch { "rgb" => ChannelOrder.Rgb, "bgr" => ChannelOrder.Bgr, _ => null },
            Layout = parse.GetValue(_layout) switch { "nchw" => ImageLayout.Nchw, "nhwc" => ImageLayout.Nhwc, _ => null },
            ScaleToUnit = parse.GetValue(_pixelScale) is string scale ? scale == "unit" : null,
        });

    private static Func<string?, string?> FloatsCheck(Option option) => text =>
        text is null || TryFloats(text) is not null ? null : $"{option.Name} {text}: expected numbers separated by commas, e.g. 0.485,0.456,0.406.";

    private static float[]? Floats(string? text) => text is null ? null : TryFloats(text);

    private static float[]? TryFloats(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
