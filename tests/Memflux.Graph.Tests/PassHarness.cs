using Memflux.Graph.Execution;
using Memflux.Graph.Ops;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Graph.Tests;

/// <summary>Imports a model as is and through a pass, runs both on seeded random inputs, and compares the outputs.</summary>
internal static class PassHarness
{
    public static ComputeGraph Import(byte[] model, params IGraphPass[] passes) =>
        OnnxImporter.Load(model, "pass-test.onnx", new ImportOptions { Pipeline = new PassPipeline([new ShapeInference(OperatorRegistry.Default), .. passes]) });

    /// <summary>Imports with shape inference only and with <paramref name="pass"/> (then shape inference again); asserts equal outputs.</summary>
    public static (ComputeGraph Before, ComputeGraph After) AssertEquivalent(byte[] model, IGraphPass pass, float rtol = 1e-6f, float atol = 1e-6f) =>
        AssertEquivalent(model, Import(model, pass, new ShapeInference(OperatorRegistry.Default)), rtol, atol);

    /// <summary>Asserts that <paramref name="after"/> computes what <paramref name="model"/> imported as is computes.</summary>
    public static (ComputeGraph Before, ComputeGraph After) AssertEquivalent(byte[] model, ComputeGraph after, float rtol, float atol)
    {
        var before = Import(model);
        var inputs = RandomInputs(before, seed: 7);
        var expected = new ReferenceExecutor(before, OperatorRegistry.Default).Run(inputs);
        var actual = new ReferenceExecutor(after, OperatorRegistry.Default).Run(inputs);
        Assert.Equal(before.Outputs.Select(v => v.Name), after.Outputs.Select(v => v.Name));
        foreach (var (name, want) in expected)
        {
            OperatorCheck.AssertClose(want, actual[name], atol, rtol, name);
        }

        return (before, after);
    }

    public static Dictionary<string, Tensor> RandomInputs(ComputeGraph graph, int seed) =>
        graph.Inputs.Select((v, i) => (v.Name, Tensor: RandomTensors.Uniform(seed + i, [.. v.Shape!.Dimensions])))
            .ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);

    public static string[] OpTypes(ComputeGraph graph) => [.. graph.Nodes.Select(n => n.OpType)];

    public static Tensor Random(int seed, params int[] dims) => RandomTensors.Uniform(seed, dims);

    /// <summary>Positive values in [low, high), for variances and scales.</summary>
    public static Tensor Positive(int seed, int n, float low = 0.5f, float high = 2f) => RandomTensors.Uniform(seed, [n], low, high);
}
