namespace Memflux.Operators.Tests;

public class SigmoidTests : UnaryOpTests
{
    protected override string OpType => "Sigmoid";
}
