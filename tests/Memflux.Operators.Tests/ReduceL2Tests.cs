namespace Memflux.Operators.Tests;

public class ReduceL2Tests : ReduceTestBase
{
    protected override string Op => "ReduceL2";
}
