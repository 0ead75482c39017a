using System.Globalization;
using Memflux.Numerics;
using Memflux.Training.Layers;

namespace Memflux.Training.Zoo;

/// <summary>
/// Turns one spec layer into training layers for the shape it receives: input channels and features are inferred,
/// and a layer that cannot take that shape (an fc after a convolution without flatten or gap, a conv after the
/// network was flattened) is an error naming the layer, the shape it gets and what it needs.
/// </summary>
internal sealed class SpecLayerFactory(string spec, ulong seed)
{
    /// <summary>Every layer kind and its arguments, in the order the docs list them.</summary>
    public static readonly LayerSignature[] Signatures =
    [
        new("conv", ["out", "k", "stride", "pad", "groups", "bias"], 2, ["stride=1", "pad=0", "groups=1", "bias=true"]),
        new("fc", ["out", "bias"], 1, ["bias=true"]),
        new("bn", [], 0, []),
        new("relu", [], 0, []),
        new("maxpool", ["k", "stride", "pad"], 1, ["stride=k", "pad=0"]),
        new("avgpool", ["k", "stride", "pad"], 1, ["stride=k", "pad=0"]),
        new("gap", [], 0, []),
        new("flatten", [], 0, []),
        new("dropout", ["p"], 1, []),
        new("res", ["out", "stride"], 1, ["stride=1"]),
        new("mlp", [], 0, []),
        new("norm", ["mean", "std"], 2, []),
    ];

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The layer names, for "expected one of" messages.</summary>
    public static string Kinds => string.Join(", ", Signatures.Select(s => s.Kind));

    /// <summary>The layers <paramref name="layer"/> stands for, given an input of <paramref name="input"/> shape.</summary>
    public IEnumerable<Layer> Create(LayerSpec layer, TensorShape input)
    {
        if (layer.Kind == "mlp")
        {
            return Mlp(layer, input);
        }

        var signature = Signatures.FirstOrDefault(s => s.Kind == layer.Kind)
            ?? throw ArchitectureSpecParser.Error(spec, layer.Column, $"{layer.Describe()}: unknown layer '{layer.Kind}'; expected one of: {Kinds}.");
        var a = SpecArguments.Bind(spec, layer, signature);
        switch (layer.Kind)
        {
            case "conv":
                RequireImage(layer, input);
                return [new Conv2d(input[1], a.Int("out", 0, 1), a.Int("k", 0, 1), a.Int("stride", 1, 1), a.Int("pad", 0, 0), a.Int("groups", 1, 1), a.Bool("bias", true)) { Name = Next("conv") }];
            case "fc":
                if (input.Rank != 2)
                {
                    throw layer.Error(spec, $"fc needs a flat input [N,F] but gets {LayerSpec.Format(input)}; insert 'flatten' (or 'gap' for global average pooling) before it.");
                }

                return [new Linear(input[1], a.Int("out", 0, 1), a.Bool("bias", true)) { Name = Next("fc") }];
            case "bn":
                return input.Rank switch
                {
                    4 => [new BatchNorm2d(input[1])],
                    2 => [new BatchNorm1d(input[1])],
                    _ => throw layer.Error(spec, $"bn needs [N,C,H,W] or [N,F], gets {LayerSpec.Format(input)}."),
                };
            case "relu":
                return [new Relu()];
            case "maxpool" or "avgpool":
                {
                    RequireImage(layer, input);
                    int k = a.Int("k", 0, 1);
                    return [layer.Kind == "maxpool" ? new MaxPool2d(k, a.Int("stride", k, 1), a.Int("pad", 0, 0)) : new AvgPool2d(k, a.Int("stride", k, 1), a.Int("pad", 0, 0))];
                }

            case "gap":
                RequireImage(layer, input);
                return [new GlobalAvgPool(), new Flatten()];
            case "flatten":
                return [new Flatten()];
            case "dropout":
                return [new Dropout(a.Float("p", 0f, p => p is >= 0f and < 1f, "a probability in [0, 1)"), seed + (ulong)layer.Index)];
            case "res":
                RequireImage(layer, input);
                return [ZooModels.BasicBlock(Next("block"), input[1], a.Int("out", 0, 1), a.Int("stride", 1, 1))];
            default: // norm: only valid first, which ArchitectureSpec handles before calling here.
                throw layer.Error(spec, "norm may only be the first layer (the network normalises its raw [0, 1] pixels once, before anything else).");
        }
    }

    // mlp(in, h1, …, out): flatten, then fc+relu for each hidden width and a final fc without relu.
    private List<Layer> Mlp(LayerSpec layer, TensorShape input)
    {
        const string Expected = "mlp(in, hidden…, out) with at least two positive integers, e.g. mlp(784,256,128,10)";
        var widths = new List<int>();
        foreach (var argument in layer.Arguments)
        {
            if (argument.Key is not null || !int.TryParse(argument.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) || w < 1)
            {
                throw ArchitectureSpecParser.Error(spec, argument.Column, $"{layer.Describe()}: expected {Expected}, found '{(argument.Key is null ? "" : argument.Key + "=")}{argument.Value}'.");
            }

            widths.Add(w);
        }

        if (widths.Count < 2)
        {
            throw layer.Error(spec, $"expected {Expected}, found {widths.Count} width(s).");
        }

        int features = input[0] == 0 ? 0 : input.ElementCount / input[0];
        if (widths[0] != features)
        {
            throw layer.Error(spec, $"the first width is the input size {widths[0]}, but the layer gets {LayerSpec.Format(input)} = {features} features; write mlp({features},…).");
        }

        var layers = new List<Layer> { new Flatten() };
        for (int i = 1; i < widths.Count; i++)
        {
            layers.Add(new Linear(widths[i - 1], widths[i]) { Name = Next("fc") });
            if (i < widths.Count - 1)
            {
                layers.Add(new Relu());
            }
        }

        return layers;
    }

    private void RequireImage(LayerSpec layer, TensorShape input)
    {
        if (input.Rank != 4)
        {
            throw layer.Error(spec, $"{layer.Kind} needs an image input [N,C,H,W] but gets the flat {LayerSpec.Format(input)}; image layers must come before flatten, gap, fc and mlp.");
        }
    }

    private string Next(string kind)
    {
        int n = _counts.GetValueOrDefault(kind) + 1;
        _counts[kind] = n;
        return kind + n.ToString(CultureInfo.InvariantCulture);
    }
}
