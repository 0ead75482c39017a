namespace Memflux.Operators.Tests;

public class XorTests : LogicalOpTests
{
    protected override string OpType => "Xor";
}
