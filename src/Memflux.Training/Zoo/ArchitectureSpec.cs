using Memflux.Numerics;
using Memflux.Training.Layers;

namespace Memflux.Training.Zoo;

/// <summary>
/// A network written as text, e.g. <c>conv(16,3,pad=1)-bn-relu-maxpool(2)-res(32,stride=2)-gap-fc(10)</c> or
/// <c>mlp(784,256,128,10)</c>: layers separated by <c>-</c> or <c>,</c>, each a name with optional positional or
/// <c>key=value</c> arguments. Input channels and features are inferred from the shape each layer receives; the
/// network takes [N,1,28,28] pixels in [0, 1], normalises them first (with the dataset's statistics unless the spec
/// starts with <c>norm(mean,std)</c>) and must end with [N,10] logits. The grammar and every layer are documented in
/// docs/architecture-spec.md; every zoo model's <see cref="ZooModel.Spec"/> is written in it.
/// </summary>
public sealed class ArchitectureSpec
{
    /// <summary>The input every spec network takes: one 28×28 grey image per sample.</summary>
    public static readonly TensorShape InputShape = new(1, 1, 28, 28);

    /// <summary>Logits per sample: the ten classes of MNIST and Fashion-MNIST.</summary>
    public const int Classes = 10;

    private ArchitectureSpec(string text, IReadOnlyList<LayerSpec> layers)
    {
        Text = text;
        Layers = layers;
    }

    /// <summary>The spec as given.</summary>
    public string Text { get; }

    /// <summary>The spec's layers as written.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; }

    /// <summary>
    /// Parses and checks <paramref name="text"/>: syntax, layer names, arguments and shapes (by building the network
    /// once), so a spec that parses also builds. Errors are <see cref="MemfluxException"/>s naming the column, the
    /// layer and what was expected.
    /// </summary>
    public static ArchitectureSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = new ArchitectureSpec(text, ArchitectureSpecParser.Parse(text));
        _ = spec.Build((0f, 1f), 0);
        return spec;
    }

    /// <summary>
    /// Builds the untrained network: a <see cref="Normalize"/> layer with <paramref name="statistics"/> (or the
    /// spec's own <c>norm(mean,std)</c>), then the spec's layers, initialised from <paramref name="seed"/>.
    /// </summary>
    public Sequential Build((float Mean, float Std) statistics, ulong seed)
    {
        var factory = new SpecLayerFactory(Text, seed);
        var layers = new List<Layer>();
        int first = 0;
        if (Layers[0].Kind == "norm")
        {
            var signature = SpecLayerFactory.Signatures.Single(s => s.Kind == "norm");
            var a = SpecArguments.Bind(Text, Layers[0], signature);
            statistics = (a.Float("mean", 0f, _ => true, "a number"), a.Float("std", 1f, s => s > 0f, "a positive number"));
            first = 1;
        }

        layers.Add(new Normalize([statistics.Mean], [statistics.Std]) { Name = "normalize" });
        var shape = InputShape;
        LayerSpec? last = null;
        for (int i = first; i < Layers.Count; i++)
        {
            last = Layers[i];
            foreach (var layer in Create(factory, last, shape))
            {
                shape = OutputShape(last, layer, shape);
                layers.Add(layer);
            }
        }

        CheckLogits(last, shape);
        var model = new Sequential(layers);
        model.Initialize(seed);
        return model;
    }

    /// <summary>The spec as given.</summary>
    public override string ToString() => Text;

    private IEnumerable<Layer> Create(SpecLayerFactory factory, LayerSpec spec, TensorShape shape)
    {
        try
        {
            return factory.Create(spec, shape);
        }
        catch (MemfluxException e) when (!e.Message.StartsWith("architecture spec", StringComparison.Ordinal))
        {
            // A layer constructor's own check (e.g. channels that do not divide into groups).
            throw spec.Error(Text, e.Message);
        }
    }

    private TensorShape OutputShape(LayerSpec spec, Layer layer, TensorShape input)
    {
        try
        {
            return layer.OutputShape(input);
        }
        catch (MemfluxException e)
        {
            throw spec.Error(Text, $"does not fit its input {LayerSpec.Format(input)}: {e.Message}");
        }
    }

    private void CheckLogits(LayerSpec? last, TensorShape shape)
    {
        if (last is null)
        {
            throw ArchitectureSpecParser.Error(Text, 1, $"the spec has only norm; expected layers after it ending in {Classes} logits, e.g. norm(0.5,0.5)-mlp(784,10).");
        }

        if (shape.Rank != 2)
        {
            throw last.Error(Text, $"the network ends with {LayerSpec.Format(shape)}; expected [N,{Classes}] logits: end with e.g. 'gap-fc({Classes})' or 'flatten-fc({Classes})'.");
        }

        if (shape[1] != Classes)
        {
            throw last.Error(Text, $"the network ends with {shape[1]} outputs; expected {Classes} logits (one per class): end with e.g. 'fc({Classes})'.");
        }
    }
}
