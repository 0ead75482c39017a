namespace Memflux.Graph.Ops;

/// <summary>Operators by op type (default ONNX domain). The default registry holds every operator in this assembly.</summary>
public sealed class OperatorRegistry
{
    private readonly Dictionary<string, Operator> _operators;

    /// <summary>Creates a registry from explicit operators.</summary>
    public OperatorRegistry(IEnumerable<Operator> operators) =>
        _operators = operators.ToDictionary(o => o.OpType, StringComparer.Ordinal);

    /// <summary>Every concrete <see cref="Operator"/> in Memflux.Graph.</summary>
    public static OperatorRegistry Default { get; } = new(
        typeof(Operator).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Operator)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Operator)Activator.CreateInstance(t)!));

    /// <summary>Supported op types, sorted.</summary>
    public IReadOnlyList<string> OpTypes => [.. _operators.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The operator for <paramref name="node"/>, or a clear error naming what is supported.</summary>
    public Operator Resolve(Node node)
    {
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw node.Error($"operator domain '{node.Domain}' is not supported (only the default ONNX domain is). Supported op types: {string.Join(", ", OpTypes)}.");
        }

        return _operators.GetValueOrDefault(node.OpType)
            ?? throw node.Error($"op type '{node.OpType}' of the default ONNX domain is not supported. Supported op types: {string.Join(", ", OpTypes)}.");
    }

    /// <summary>True when <paramref name="opType"/> is registered.</summary>
    public bool Contains(string opType) => _operators.ContainsKey(opType);
}
