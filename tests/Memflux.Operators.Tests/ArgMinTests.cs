namespace Memflux.Operators.Tests;

public class ArgMinTests : ArgExtremumTests
{
    protected override string OpType => "ArgMin";
}
