namespace Memflux.Operators.Tests;

public class ErfTests : UnaryOpTests
{
    protected override string OpType => "Erf";
}
