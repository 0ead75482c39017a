namespace Memflux.Operators.Tests;

public class SubTests : BinaryOpTests
{
    protected override string OpType => "Sub";
}
