#!/usr/bin/env python3
"""Builds models/manifest.json from the zoo's training runs.

Usage (from the repository root, after training every model as the manifest's `command` says, each with
`--json > models/NAME.train.json` and its stderr in LOGDIR/zoo-NAME.err from `/usr/bin/time -v`):

    python3 models/make-manifest.py MEMFLUX_BINARY LOGDIR [NAME]

With NAME, only that model's entry is rebuilt (after retraining it alone) and the others are kept as they are; its
analog accuracy is then added again by add-analog-accuracy.py.
Parameters and MACs come from `memflux inspect --json`; the test accuracy from `memflux accuracy --json`
(ONNX Runtime on the full test set). tests/Memflux.Cli.Tests/ZooManifestTests re-measures them in CI.
"""
import json
import re
import subprocess
import sys

ZOO = [
    # name, dataset, architecture, target accuracy (None: an -hwa variant, within 0.5 points of its plain model), epochs
    ("mnist-mlp", "mnist", "MLP 784-256-128-10, ReLU; normalisation inside the model", 0.980, 30),
    ("fashion-mlp", "fashion-mnist", "MLP 784-256-128-10, ReLU; normalisation inside the model", 0.880, 30),
    ("mnist-lenet5", "mnist", "LeNet-5: conv5x5(6)-maxpool-conv5x5(16)-maxpool-fc120-fc84-fc10, ReLU", 0.990, 20),
    ("mnist-lenet5-hwa", "mnist", "LeNet-5 as mnist-lenet5, hardware-aware training with the pcm preset", None, 20),
    ("fashion-cnn", "fashion-mnist", "ResNet-style: conv3x3(24)+BN+ReLU, maxpool, 3 residual blocks (24, 48/2, 48) with BN, global average pool, linear", 0.920, 8),
    ("fashion-cnn-hwa", "fashion-mnist", "fashion-cnn, hardware-aware training with the pcm-drift preset", None, 8),
]


def run(binary, *args):
    return json.loads(subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout)


def wall_seconds(logdir, name):
    text = open(f"{logdir}/zoo-{name}.err", encoding="utf-8").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    h, mnt, s = m.groups()
    return round(int(h or 0) * 3600 + int(mnt) * 60 + float(s), 1)


def main(binary, logdir, only=None):
    kept = {m["name"]: m for m in json.load(open("models/manifest.json", encoding="utf-8"))["models"]} if only else {}
    models = []
    for name, dataset, architecture, target, epochs in ZOO:
        if only and name != only:
            models.append(kept[name])
            continue
        trained = json.load(open(f"models/{name}.train.json", encoding="utf-8"))
        inspect = run(binary, "inspect", f"models/{name}.onnx", "--batch", "1", "--json")
        acc = run(binary, "accuracy", f"models/{name}.onnx", "--dataset", dataset, "--json")
        if target is None:
            plain = next(m for m in models if m["name"] == name.removesuffix("-hwa"))
            target = round(plain["test_accuracy_ort"] - 0.005, 4)
        models.append({
            "name": name,
            "file": f"models/{name}.onnx",
            "dataset": dataset,
            "architecture": architecture,
            "parameters": inspect["parameters"],
            "macs_per_image": inspect["macs"],
            "test_accuracy_ort": acc["ort_accuracy"],
            "test_accuracy_trainer": trained["test_accuracy"],
            "target_accuracy": target,
            "seed": trained["seed"],
            "epochs": trained["epochs"],
            "batch_size": trained["batch_size"],
            "optimizer": trained["optimizer"],
            "learning_rate": trained["learning_rate"],
            "augmentation": trained["augmentation"],
            "hwa": trained["hwa"],
            "command": f"dotnet run --project src/Memflux.Cli -c Release -- train --model {name} --seed {trained['seed']} --epochs {epochs} -o models/{name}.onnx",
            "train_seconds": round(trained["train_seconds"], 1),
            "wall_seconds": wall_seconds(logdir, name),
            "train_images_per_second": round(trained["images_per_second"]),
        })
    manifest = {
        "input": "float [N,1,28,28], pixels scaled to [0,1] (byte/255); normalisation is inside each model",
        "output": "[N,10] logits",
        "machine": "2 cores, 24 GiB (the project's development and CI machine); times are wall clock",
        "models": models,
    }
    with open("models/manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
