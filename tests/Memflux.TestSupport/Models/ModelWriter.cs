using Memflux.Numerics;

namespace Memflux.TestSupport.Models;

/// <summary>
/// Writes ONNX graphs node by node with fresh value names and seeded random weights: the exported-model builders use
/// it to write models the way PyTorch, tf2onnx and Optimum export them.
/// </summary>
public sealed class ModelWriter(int opset, int seed)
{
    private int _next;
    private int _seed = seed;

    /// <summary>The underlying builder (inputs and outputs are declared on it).</summary>
    public OnnxModelBuilder Builder { get; } = new(opset);

    /// <summary>A weight initializer uniform in [−scale, scale].</summary>
    public string Weight(string name, int[] dims, float scale)
    {
        string unique = Fresh(name);
        Builder.Initializer(unique, RandomTensors.Uniform(_seed++, dims, -scale, scale), raw: true);
        return unique;
    }

    /// <summary>A weight initializer of constant <paramref name="value"/> (LayerNorm gains, biases).</summary>
    public string Filled(string name, int[] dims, float value)
    {
        var data = new float[new TensorShape(dims).ElementCount];
        Array.Fill(data, value);
        return Constant(name, Tensor.FromFloat32(data, new TensorShape(dims)));
    }

    /// <summary>An initializer holding <paramref name="tensor"/>.</summary>
    public string Constant(string name, Tensor tensor)
    {
        string unique = Fresh(name);
        Builder.Initializer(unique, tensor, raw: true);
        return unique;
    }

    /// <summary>An int64 vector initializer.</summary>
    public string Ints(params long[] values) => Constant("ints", Tensor.Vector(values));

    /// <summary>An fp32 scalar initializer.</summary>
    public string Scalar(float value) => Constant("scalar", Tensor.Scalar(value));

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Op(string opType, string[] inputs, params (string Name, object Value)[] attributes) => Ops(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] Ops(string opType, string[] inputs, int outputs, params (string Name, object Value)[] attributes)
    {
        string[] names = [.. Enumerable.Range(0, outputs).Select(_ => Fresh(opType.ToLowerInvariant()))];
        Builder.Node(opType, inputs, names, attributes);
        return names;
    }

    /// <summary>x·W + b with W [in, out] (a PyTorch Linear as exported: MatMul then Add).</summary>
    public string Linear(string x, int inputs, int outputs, string name)
    {
        float scale = 1f / MathF.Sqrt(inputs);
        return Op("Add", [Op("MatMul", [x, Weight(name + ".weight", [inputs, outputs], scale)]), Weight(name + ".bias", [outputs], scale)]);
    }

    /// <summary>LayerNorm over the last axis as PyTorch exports it below opset 17: ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add.</summary>
    public string DecomposedLayerNorm(string x, int width, string name, float epsilon = 1e-12f)
    {
        string mean = ReduceMean(x, -1);
        string centered = Op("Sub", [x, mean]);
        string variance = ReduceMean(Op("Pow", [centered, Scalar(2f)]), -1);
        string std = Op("Sqrt", [Op("Add", [variance, Scalar(epsilon)])]);
        string normalized = Op("Div", [centered, std]);
        return Op("Add", [Op("Mul", [normalized, Filled(name + ".weight", [width], 1f)]), Weight(name + ".bias", [width], 0.1f)]);
    }

    /// <summary>ReduceMean over one axis, keepdims, in the form of the writer's opset (axes as attribute before 18).</summary>
    public string ReduceMean(string x, long axis) => opset >= 18
        ? Op("ReduceMean", [x, Ints(axis)], ("keepdims", 1L))
        : Op("ReduceMean", [x], ("axes", new[] { axis }), ("keepdims", 1L));

    /// <summary>Unsqueeze in the form of the writer's opset (axes as input from 13).</summary>
    public string Unsqueeze(string x, params long[] axes) => opset >= 13 ? Op("Unsqueeze", [x, Ints(axes)]) : Op("Unsqueeze", [x], ("axes", axes));

    /// <summary>GELU as BERT exports it: x · 0.5 · (1 + erf(x / √2)).</summary>
    public string ErfGelu(string x) =>
        Op("Mul", [Op("Mul", [x, Op("Add", [Op("Erf", [Op("Div", [x, Scalar(1.4142135f)])]), Scalar(1f)])]), Scalar(0.5f)]);

    /// <summary>GELU as GPT-2 exports it: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).</summary>
    public string TanhGelu(string x)
    {
        string cube = Op("Pow", [x, Scalar(3f)]);
        string inner = Op("Mul", [Op("Add", [x, Op("Mul", [cube, Scalar(0.044715f)])]), Scalar(0.7978846f)]);
        return Op("Mul", [Op("Mul", [x, Scalar(0.5f)]), Op("Add", [Op("Tanh", [inner]), Scalar(1f)])]);
    }

    /// <summary>The model's bytes.</summary>
    public byte[] Build() => Builder.Build();

    private string Fresh(string stem) => $"{stem}_{_next++}";
}
