namespace Memflux.Operators.Tests;

public class GreaterOrEqualTests : ComparisonOpTests
{
    protected override string OpType => "GreaterOrEqual";

    protected override int FirstOpset => 12;
}
