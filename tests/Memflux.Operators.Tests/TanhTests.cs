namespace Memflux.Operators.Tests;

public class TanhTests : UnaryOpTests
{
    protected override string OpType => "Tanh";
}
