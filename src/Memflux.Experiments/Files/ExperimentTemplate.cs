namespace Memflux.Experiments;

/// <summary>
/// The starting experiment file <c>memflux init</c> writes: the bundled demo spelled out, every field explained in a
/// <c>//</c> comment (the reader skips comments), so that <c>memflux run experiment.json</c> on it reproduces
/// <c>memflux run</c>.
/// </summary>
public static class ExperimentTemplate
{
    /// <summary>The file's text.</summary>
    public const string Text = """
        // A Memflux experiment (memflux run FILE). JSON with comments; unknown fields are errors.
        // Relative paths are relative to this file's folder. Schema: docs/experiments.md.
        // As written, it is the bundled demo: memflux run on this file equals memflux run.
        {
          // The ONNX model: a file (ends in .onnx or has a /), "resnet18", or a zoo name (fashion-cnn, ...).
          "model": "fashion-cnn",

          // What it runs on: exactly one of
          //   "dataset": "mnist" | "fashion-mnist" (the test split; with "limit", "batch_size", "data_dir"),
          //   "path": a .npy/.npz file, ONNX test-data folder or image folder (with "labels" .npy, "batch"),
          //   "random": N seeded random samples (with "batch").
          "inputs": {
            "dataset": "fashion-mnist",
            "batch_size": 500
            // , "limit": 1000       only the first N test images
            // , "data_dir": "data"  the folder holding fashion-mnist/ (default: searched as memflux run does)
          },

          // Device physics: a preset (ideal, pcm, pcm-hermes, rram, or FILE.csv) and overrides of its values,
          // as dotted paths into the preset (e.g. "tiles.adc.bits": 6, "tiles.output_noise": 0.02).
          "device": {
            "preset": "pcm-hermes",
            "overrides": {}
            // , "drift_compensation": true   global drift compensation on/off (default: the preset's)
          },

          // The chip: a hardware preset (isaac, hermes, hermes-4phase, generic-rram) or "spec": "chip.json";
          // "chips": N or "auto" for a system of chips (default: the spec's system section).
          "hardware": {
            "preset": "hermes"
          },

          // Times after programming, increasing: "1s", "1h", "1d", "1w", "1y" or seconds as numbers.
          "times": ["1s", "1d", "1y"],

          // Independently programmed chips (seeds first, first+1, ...) for the 95% confidence interval.
          "seeds": { "count": 3, "first": 0 },

          // What to compute. "verify": check the reference executor against ONNX Runtime on that model first.
          "metrics": {
            "verify": "resnet18",
            "accuracy": true,
            "attribution": false,
            "estimate": true,
            "estimate_batch": 1
          },

          // Reports: "dir": where report.html and report.json go (omit for none).
          "report": {}
        }

        """;
}
