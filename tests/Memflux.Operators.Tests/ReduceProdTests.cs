namespace Memflux.Operators.Tests;

public class ReduceProdTests : ReduceTestBase
{
    protected override string Op => "ReduceProd";

    protected override (double Low, double High) IntRange => (-3, 4);
}
