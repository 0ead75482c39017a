namespace Memflux.Operators.Tests;

public class ReduceSumTests : ReduceTestBase
{
    protected override string Op => "ReduceSum";

    protected override int AxesInputOpset => 13;
}
