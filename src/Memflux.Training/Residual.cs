using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training;

/// <summary>
/// A residual connection: y = main(x) + shortcut(x), where the shortcut is the identity or a layer (e.g. a 1×1
/// strided convolution with batch-norm when the shapes change). Exported as an ONNX Add.
/// </summary>
public sealed class Residual : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates y = <paramref name="main"/>(x) + <paramref name="shortcut"/>(x); a null shortcut is the identity.</summary>
    public Residual(Layer main, Layer? shortcut = null)
    {
        Main = main;
        Shortcut = shortcut;
    }

    /// <summary>The residual branch.</summary>
    public Layer Main { get; }

    /// <summary>The shortcut branch, or null for the identity.</summary>
    public Layer? Shortcut { get; }

    /// <inheritdoc />
    public override IEnumerable<Layer> Children => Shortcut is null ? [Main] : [Main, Shortcut];

    /// <inheritdoc />
    public override bool NeedsInputGradient
    {
        get => base.NeedsInputGradient;
        set
        {
            base.NeedsInputGradient = value;
            Main.NeedsInputGradient = value;
            Shortcut?.NeedsInputGradient = value;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => Shortcut is null ? Main.Parameters : Main.Parameters.Concat(Shortcut.Parameters);

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        var main = Main.OutputShape(input);
        var shortcut = Shortcut?.OutputShape(input) ?? input;
        if (!main.Equals(shortcut))
        {
            throw Error($"the main branch gives {main} but the shortcut gives {shortcut} for input {input}; they must match to be added.");
        }

        return main;
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var main = Main.Forward(input, context);
        var shortcut = Shortcut?.Forward(input, context) ?? input;
        var y = Buffers.Ensure(ref _output, outputShape);
        TensorPrimitives.Add(main.Float32, shortcut.Float32, y.Float32);
        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var main = Main.Backward(outputGradient, context);
        var shortcut = Shortcut?.Backward(outputGradient, context) ?? outputGradient;
        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        if (NeedsInputGradient)
        {
            TensorPrimitives.Add(main.Float32, shortcut.Float32, dx.Float32);
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        var main = Main.Export(context, input);
        var shortcut = Shortcut?.Export(context, input) ?? input;
        return context.Node("Add", Name, [main, shortcut]);
    }
}
