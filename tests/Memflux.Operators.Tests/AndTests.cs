namespace Memflux.Operators.Tests;

public class AndTests : LogicalOpTests
{
    protected override string OpType => "And";
}
