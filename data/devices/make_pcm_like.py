"""Writes pcm-like-example.csv: the PCM model's statistics evaluated at 11 conductances (synthetic, not measured).

Run: python3 make_pcm_like.py   (no dependencies). Equations and constants: docs/devices.md, PCM section.
"""
import math

G_MAX = 25.0
T0, T_READ, T_FIRST = 20.0, 250e-9, 1.0  # seconds


def row(g_hat):
    g = G_MAX * g_hat
    sigma_prog = max(-1.1731 * g_hat ** 2 + 1.9650 * g_hat + 0.26348, 0.0)
    gc = max(g_hat, 1e-7)
    nu_mean = min(max(-0.0155 * math.log(gc) + 0.0244, 0.049), 0.1)
    nu_std = min(max(-0.0125 * math.log(gc) - 0.0059, 0.008), 0.045)
    q_s = min(0.0088 / max(g_hat ** 0.65, 1e-3), 0.2)
    time_factor = math.sqrt(math.log((T_FIRST + T0 + T_READ) / (2 * T_READ)))
    return f"{g:.2f},{sigma_prog:.4f},{nu_mean:.4f},{nu_std:.4f},{g * q_s * time_factor:.4f}"


if __name__ == "__main__":
    with open("pcm-like-example.csv") as f:
        header = [line for line in f if line.startswith("#") or line.startswith("g_target")]
    rows = [row(k / 10) for k in range(11)]
    with open("pcm-like-example.csv", "w") as f:
        f.write("".join(header) + "\n".join(rows) + "\n")
