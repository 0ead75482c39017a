using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training;

/// <summary>
/// A differentiable layer over batch-first fp32 tensors (NCHW for images). <see cref="Forward"/> returns a buffer
/// the layer owns and reuses on the next call; <see cref="Backward"/> takes the gradient of the loss with respect
/// to the last forward's output, accumulates parameter gradients, and returns the gradient with respect to that
/// forward's input (also a reused buffer). Neither modifies its argument.
/// </summary>
public abstract class Layer
{
    private TensorShape? _inputShape;
    private TensorShape? _outputShape;

    /// <summary>A name for exported nodes and messages; empty lets the exporter choose one.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// When false, <see cref="Backward"/> may skip computing the input gradient (the first layers of a network,
    /// below which nothing trains); the returned tensor's contents are then unspecified.
    /// </summary>
    public virtual bool NeedsInputGradient { get; set; } = true;

    /// <summary>The trainable parameters, in a fixed order.</summary>
    public virtual IEnumerable<Parameter> Parameters => [];

    /// <summary>The layers this one is made of (empty for a plain layer).</summary>
    public virtual IEnumerable<Layer> Children => [];

    /// <summary>This layer and, depth first in order, every layer inside it.</summary>
    public IEnumerable<Layer> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var layer in child.SelfAndDescendants())
            {
                yield return layer;
            }
        }
    }

    /// <summary>The input of the last <see cref="Forward"/> call.</summary>
    protected Tensor? Input { get; private set; }

    /// <summary>The output shape for an input of <paramref name="input"/> shape; throws <see cref="MemfluxException"/> when it does not fit.</summary>
    public abstract TensorShape OutputShape(TensorShape input);

    /// <summary>Runs the layer on a batch; the result is owned by the layer and valid until the next call.</summary>
    public Tensor Forward(Tensor input, PassContext context)
    {
        if (_inputShape is null || !ReferenceEquals(_inputShape, input.Shape) && !_inputShape.Equals(input.Shape))
        {
            _outputShape = OutputShape(input.Shape);
            _inputShape = input.Shape;
        }

        Input = input;
        return ForwardCore(input, _outputShape!, context);
    }

    /// <summary>Back-propagates <paramref name="outputGradient"/> through the last forward call.</summary>
    public Tensor Backward(Tensor outputGradient, PassContext context)
    {
        if (Input is null || _outputShape is null)
        {
            throw new InvalidOperationException($"{Describe()}: Backward called before Forward.");
        }

        if (!outputGradient.Shape.Equals(_outputShape))
        {
            throw new ArgumentException($"{Describe()}: output gradient has shape {outputGradient.Shape}, the last forward produced {_outputShape}.");
        }

        return BackwardCore(outputGradient, context);
    }

    /// <summary>Clears every parameter gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Initialises every parameter from <paramref name="seed"/> (parameter i uses stream i).</summary>
    public void Initialize(ulong seed)
    {
        ulong stream = 0;
        foreach (var p in Parameters)
        {
            p.Initialize(seed, stream++);
        }
    }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount()
    {
        long n = 0;
        foreach (var p in Parameters)
        {
            n += p.Value.Length;
        }

        return n;
    }

    /// <summary>"Conv2d 'conv1'" for messages.</summary>
    public string Describe() => Name.Length == 0 ? GetType().Name : $"{GetType().Name} '{Name}'";

    /// <summary>Computes the forward pass; <paramref name="outputShape"/> is already validated.</summary>
    protected abstract Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context);

    /// <summary>Computes the backward pass; <see cref="Input"/> is the last forward's input.</summary>
    protected abstract Tensor BackwardCore(Tensor outputGradient, PassContext context);

    /// <summary>Adds this layer's evaluation-mode computation to an ONNX graph and returns its output value.</summary>
    internal abstract Value Export(ExportContext context, Value input);

    /// <summary>Throws a user-facing error naming this layer.</summary>
    protected MemfluxException Error(string message) => new($"{Describe()}: {message}");
}
