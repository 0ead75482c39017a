using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using Memflux.Training.Layers;

namespace Memflux.Training;

/// <summary>Layers applied one after another.</summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers = [];
    private bool _needsInputGradient = true;

    /// <summary>Creates a sequence of <paramref name="layers"/>.</summary>
    public Sequential(params IEnumerable<Layer> layers)
    {
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc />
    public override IEnumerable<Layer> Children => _layers;

    /// <inheritdoc />
    public override bool NeedsInputGradient
    {
        get => _needsInputGradient;
        set
        {
            _needsInputGradient = value;
            PropagateGradientNeeds();
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => _layers.SelectMany(l => l.Parameters);

    /// <summary>Appends a layer.</summary>
    public Sequential Add(Layer layer)
    {
        _layers.Add(layer);
        PropagateGradientNeeds();
        return this;
    }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        var shape = input;
        foreach (var layer in _layers)
        {
            shape = layer.OutputShape(shape);
        }

        return shape;
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Forward(x, context);
        }

        return x;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var g = outputGradient;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g, context);
            if (!_layers[i].NeedsInputGradient)
            {
                // Nothing below this layer trains and the caller does not want the input gradient.
                break;
            }
        }

        return g;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            var next = i + 1 < _layers.Count ? _layers[i + 1] : null;
            if (context.Options.FoldBatchNorm && next is BatchNorm bn && layer is IFoldsBatchNorm folding)
            {
                x = folding.ExportFolded(context, x, bn);
                i++;
                continue;
            }

            x = layer.Export(context, x);
        }

        return x;
    }

    // A layer needs its input gradient when anything below it trains or the caller wants the gradient.
    private void PropagateGradientNeeds()
    {
        bool needed = _needsInputGradient;
        foreach (var layer in _layers)
        {
            layer.NeedsInputGradient = needed;
            needed = needed || layer.Parameters.Any();
        }
    }
}
