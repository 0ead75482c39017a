namespace Memflux.Operators.Tests;

public class MulTests : BinaryOpTests
{
    protected override string OpType => "Mul";
}
