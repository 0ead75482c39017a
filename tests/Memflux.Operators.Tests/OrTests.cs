namespace Memflux.Operators.Tests;

public class OrTests : LogicalOpTests
{
    protected override string OpType => "Or";
}
