namespace Memflux.Operators.Tests;

public class ReduceLogSumTests : ReduceTestBase
{
    protected override string Op => "ReduceLogSum";

    protected override (double Low, double High) Range => (0.05, 1);

    protected override (double Low, double High) IntRange => (1, 20);
}
