namespace Memflux.Experiments;

/// <summary>
/// What an experiment needs from whoever runs it: where notes and step progress go, and the reference runtime (the
/// side-by-side oracle). The CLI implements it with stderr and ONNX Runtime; a library user, a report writer or a test
/// supplies its own. Nothing in this project prints: every line a user sees passes through here.
/// </summary>
public interface IExperimentHost
{
    /// <summary>A note for the user (a caveat, a skipped choice said out loud); never part of a result.</summary>
    void Note(string message);

    /// <summary>Runs <paramref name="work"/> as one named step; it reports finer status through the callback it gets.</summary>
    T Step<T>(string what, Func<Action<string>, T> work);

    /// <summary>The reference runtime's name, as results and steps name it (the CLI's is ONNX Runtime).</summary>
    string ReferenceRuntimeName => "ONNX Runtime";

    /// <summary>Creates the reference runtime for <paramref name="model"/> (ONNX bytes) named <paramref name="source"/> in errors.</summary>
    IModelRunner CreateReferenceRunner(byte[] model, string source, bool allowSpinning);

    /// <summary>Opens the reference runtime on the file at <paramref name="path"/> (so its own file reading is what is measured).</summary>
    IModelRunner OpenReferenceRunner(string path, bool allowSpinning);
}
