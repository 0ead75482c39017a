namespace Memflux.Operators.Tests;

public class AddTests : BinaryOpTests
{
    protected override string OpType => "Add";
}
