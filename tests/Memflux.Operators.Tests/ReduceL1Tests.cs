namespace Memflux.Operators.Tests;

public class ReduceL1Tests : ReduceTestBase
{
    protected override string Op => "ReduceL1";
}
