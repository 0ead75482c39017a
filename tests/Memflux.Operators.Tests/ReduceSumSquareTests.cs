namespace Memflux.Operators.Tests;

public class ReduceSumSquareTests : ReduceTestBase
{
    protected override string Op => "ReduceSumSquare";
}
