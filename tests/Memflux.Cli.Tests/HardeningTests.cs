using Memflux.Cli.Infrastructure;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>Inputs that were internal errors (exit 1) and are now clear user errors or work (issue 18 §2).</summary>
public sealed class HardeningTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-hardening-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("inspect")]
    [InlineData("verify")]
    [InlineData("eval --dataset mnist --model")]
    [InlineData("estimate --hw hermes --model")]
    public void An_empty_model_argument_is_a_user_error(string verb)
    {
        var result = Cli.Run([.. verb.Split(' '), ""]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the model is an empty string; expected an ONNX file, resnet18 or a zoo name", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_model_for_compile_is_a_user_error()
    {
        var result = Cli.Run("compile", "--model", "", "--hw", "hermes", "-o", Path.Combine(_directory, "a.mfchip"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the model is an empty string", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_zero_seconds_is_time_zero()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "20", "--seeds", "1", "--times", "-0s");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Text_from_a_model_file_reaches_the_terminal_escaped_and_cut()
    {
        // An op type with a terminal escape sequence (clear screen, set the window title) and 100,000 more characters.
        string op = "Evil\u001b[2J\u001b]0;pwned\u0007\u202E" + new string('A', 100_000);
        string path = Path.Combine(_directory, "evil.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder().Input("x", [1, 4]).Node(op, ["x"], ["y"]).Output("y").Build());
        var result = Cli.Run("inspect", path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Evil\\u001B[2J\\u001B]0;pwned\\u0007\\u202E", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Err);
        Assert.Contains("more characters]", result.Err, StringComparison.Ordinal);
        Assert.True(result.Err.Length < 2 * UntrustedText.MaxLineChars, $"stderr has {result.Err.Length} characters");
    }

    [Fact]
    public void Clean_keeps_plain_text_and_cuts_lines_and_line_counts()
    {
        Assert.Equal("a\tb\nc", UntrustedText.Clean("a\tb\nc"));
        Assert.Equal(new string('x', UntrustedText.MaxLineChars) + "… [5 more characters]", UntrustedText.Clean(new string('x', UntrustedText.MaxLineChars + 5)));
        string many = string.Join('\n', Enumerable.Repeat("l", UntrustedText.MaxLines + 3));
        Assert.EndsWith("l\n… [3 more lines]", UntrustedText.Clean(many), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval --dataset mnist --limit 20 --seeds 1 --times 1s --model")]
    [InlineData("accuracy --dataset mnist MODEL")]
    public void A_model_with_fewer_classes_than_its_labels_is_an_error(string line)
    {
        // Five classes on MNIST's ten: labels 5..9 used to count as misses without a word.
        string model = Path.Combine(_directory, "five.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder().Input("x", [1, 1, 28, 28])
            .Node("Flatten", ["x"], ["f"]).Initializer("w", RandomTensors.Uniform(1, [784, 5]))
            .Node("MatMul", ["f", "w"], ["y"]).Output("y").Build());
        string[] args = [.. line.Split(' ').Select(a => a == "MODEL" ? model : a)];
        var result = Cli.Run(line.EndsWith("--model", StringComparison.Ordinal) ? [.. args, model] : args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is outside the model's 5 classes (0 to 4)", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_beyond_the_memory_budget_is_refused_at_import()
    {
        var result = Cli.Run("verify", "mnist-mlp", "--batch", "1000000", "--max-memory", "1G");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("would be Float32[1000000,", result.Err, StringComparison.Ordinal);
        Assert.Contains("more than the memory budget of 1.0 GiB", result.Err, StringComparison.Ordinal);

        var small = Cli.Run("verify", "mnist-mlp", "--max-memory", "1K");
        Assert.True(small.ExitCode == 2, small.ToString());
        Assert.Contains("more than the memory budget of 1.0 KiB", small.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_more_classes_than_the_dataset_gets_a_note()
    {
        string model = Path.Combine(_directory, "twelve.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder().Input("x", [1, 1, 28, 28])
            .Node("Flatten", ["x"], ["f"]).Initializer("w", RandomTensors.Uniform(1, [784, 12]))
            .Node("MatMul", ["f", "w"], ["y"]).Output("y").Build());
        var result = Cli.Run("eval", "--dataset", "mnist", "--limit", "20", "--batch-size", "1", "--seeds", "1", "--times", "1s", "--model", model);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the labels use classes 0 to 9 but the model scores 12", result.Err, StringComparison.Ordinal);
    }
}
