using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// A one-node model with typed inputs (graph inputs fed at run time, or initializers), checked against ONNX Runtime.
/// Inputs are named x0, x1, ... in order; outputs y0, y1, ...
/// </summary>
internal sealed class NodeCase(string opType, int opset)
{
    private readonly List<(string Name, Tensor? Value, bool Constant)> _inputs = [];
    private readonly List<DataType> _outputs = [];
    private readonly List<(string Name, object Value)> _attributes = [];

    /// <summary>Adds an input fed at run time.</summary>
    public NodeCase In(Tensor value) => Add(value, constant: false);

    /// <summary>Adds an input stored as an initializer (constant at import).</summary>
    public NodeCase Const(Tensor value) => Add(value, constant: true);

    /// <summary>Adds an omitted optional input (empty name).</summary>
    public NodeCase Missing() => Add(null, constant: false);

    /// <summary>Adds an output of <paramref name="type"/>.</summary>
    public NodeCase Out(DataType type)
    {
        _outputs.Add(type);
        return this;
    }

    /// <summary>Adds an attribute (see <see cref="OnnxModelBuilder.Node"/> for the value types).</summary>
    public NodeCase Attr(string name, object value)
    {
        _attributes.Add((name, value));
        return this;
    }

    /// <summary>The serialized model.</summary>
    public byte[] Build()
    {
        var builder = new OnnxModelBuilder(opset);
        var names = new List<string>();
        foreach (var (name, value, constant) in _inputs)
        {
            if (value is null)
            {
                names.Add("");
                continue;
            }

            names.Add(name);
            if (constant)
            {
                builder.Initializer(name, value);
            }
            else
            {
                builder.Input(name, [.. value.Shape.Dimensions], value.Type);
            }
        }

        string[] outputs = [.. _outputs.Select((_, i) => $"y{i}")];
        builder.Node(opType, [.. names], outputs, [.. _attributes]);
        for (int i = 0; i < outputs.Length; i++)
        {
            builder.Output(outputs[i], _outputs[i]);
        }

        return builder.Build();
    }

    /// <summary>The run-time inputs.</summary>
    public Dictionary<string, Tensor> Feeds() =>
        _inputs.Where(i => !i.Constant && i.Value is not null).ToDictionary(i => i.Name, i => i.Value!);

    /// <summary>Asserts Memflux agrees with ONNX Runtime (exactly by default).</summary>
    public void MatchesOrt(float atol = 0f, float rtol = 0f) => OperatorCheck.MatchesOrt(Build(), Feeds(), atol, rtol);

    /// <summary>Asserts import fails with a message containing every fragment.</summary>
    public void ImportFails(params string[] fragments) => OperatorCheck.ImportFails(Build(), [$"{opType} node", .. fragments]);

    /// <summary>Asserts running fails with a message containing <paramref name="fragment"/>.</summary>
    public void RunFails(string fragment) => OperatorCheck.RunFails(Build(), Feeds(), fragment);

    private NodeCase Add(Tensor? value, bool constant)
    {
        _inputs.Add(($"x{_inputs.Count}", value, constant));
        return this;
    }
}
