namespace Memflux.Operators.Tests;

public class ReduceMeanTests : ReduceTestBase
{
    protected override string Op => "ReduceMean";
}
