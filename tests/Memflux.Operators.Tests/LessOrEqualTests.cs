namespace Memflux.Operators.Tests;

public class LessOrEqualTests : ComparisonOpTests
{
    protected override string OpType => "LessOrEqual";

    protected override int FirstOpset => 12;
}
