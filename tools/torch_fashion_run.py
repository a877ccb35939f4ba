"""PyTorch's whole run of the README's Fashion-MNIST vae, for `deno task train`'s end-to-end time.

The same model and schedule as

    deno task train --data /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz \
      --model vae --hidden 512 --latent 2 --epochs 5 --batch-size 256

(784-512-(2+2), 2-512-784 Bernoulli logits, Adam 1e-3, batches of 256 over a fresh permutation
each epoch, tools/torch_reference.py's FashionVae), then what a run writes besides its model:
every training image through the trained model in one no-grad pass (posterior means as latent
codes, reconstructions, the ELBO with one posterior sample per image), the reconstruction MSE,
latent.csv (index,label,z1,z2 for 60,000 rows), reconstructions.png (ten originals over their
reconstructions, 5x upscaled, written with zlib) and latent.svg (a scatter of every 6th code,
10,000 points, coloured by label), and the model's state_dict. It prints the seconds of loading,
training and writing, and the whole process's time from the interpreter's start.

It does less than `train` after training (no PCA baseline, prior samples, manifold grid or report
page), so the comparison favours PyTorch. Debian's PyTorch, one thread by default:

    /usr/bin/python3 tools/torch_fashion_run.py --out /tmp/torch_run [--threads 1] [--epochs 5]
"""
import argparse
import gzip
import os
import struct
import time
import zlib

START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402

from torch_reference import FashionVae  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"]
COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf"]


def idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def png(path, gray):
    """An 8-bit grayscale PNG of the [h, w] uint8 array `gray`."""
    h, w = gray.shape
    raw = b"".join(b"\0" + gray[r].tobytes() for r in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def scatter(path, z, labels, stride):
    x, y, lab = z[::stride, 0], z[::stride, 1], labels[::stride]
    lo, hi = z.min(0), z.max(0)
    px = 60 + (x - lo[0]) / (hi[0] - lo[0]) * 600
    py = 620 - (y - lo[1]) / (hi[1] - lo[1]) * 600
    marks = "".join(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2" fill="{COLORS[c]}"/>'
                    for a, b, c in zip(px, py, lab))
    with open(path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="720" height="680"><title>Latent '
                f'space ({len(x)} of {len(z)} samples)</title>{marks}</svg>\n')


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="folder for the outputs (created)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    p.add_argument("--epochs", type=int, default=5, help="epochs (default 5)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(34)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    pixels = idx(f"{DATA}/train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    labels = idx(f"{DATA}/train-labels-idx1-ubyte.gz", 8)
    x = torch.from_numpy(pixels.astype(np.float32) / 255)
    model, rng = FashionVae(), np.random.default_rng(34)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    t1 = time.perf_counter()
    for epoch in range(a.epochs):
        idx_ = torch.from_numpy(rng.permutation(len(x)))
        total = 0.0
        for i in range(0, len(idx_), 256):
            opt.zero_grad()
            loss = model.loss(x[idx_[i:i + 256]])
            loss.backward()
            opt.step()
            total += loss.item()
        print(f"[Epoch {epoch}] Loss: {total / ((len(x) + 255) // 256):.3f}", flush=True)
    t2 = time.perf_counter()
    with torch.no_grad():
        mean, logvar = model.enc(x).chunk(2, 1)
        rec = torch.sigmoid(model.dec(mean))
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        nll = torch.nn.functional.binary_cross_entropy_with_logits(model.dec(z), x, reduction="sum")
        kl = 0.5 * (logvar.exp() + mean ** 2 - 1 - logvar).sum()
    elbo = -(nll + kl).item() / len(x)
    mse = ((rec * 255 - torch.from_numpy(pixels.astype(np.float32))) ** 2).mean().item()
    codes = mean.numpy()
    with open(f"{a.out}/latent.csv", "w") as f:
        f.write("index,label,z1,z2\r\n")
        f.writelines(f"{i},{CLASSES[c]},{u!r},{v!r}\r\n"
                     for i, (c, (u, v)) in enumerate(zip(labels, codes.tolist())))
    rows = [int(np.flatnonzero(labels == c)[0]) for c in range(10)]
    cells = [pixels[rows].reshape(10, 28, 28),
             (rec[rows].numpy() * 255).round().astype(np.uint8).reshape(10, 28, 28)]
    grid = np.vstack([np.hstack(list(c)) for c in cells]).repeat(5, 0).repeat(5, 1)
    png(f"{a.out}/reconstructions.png", grid)
    scatter(f"{a.out}/latent.svg", codes, labels, 6)
    torch.save(model.state_dict(), f"{a.out}/model.pt")
    t3 = time.perf_counter()
    print(f"reconstruction MSE {mse:.3f}, ELBO {elbo:.2f}")
    print(f"load {t1 - t0:.2f} s, train {t2 - t1:.2f} s, write {t3 - t2:.2f} s, "
          f"whole process {t3 - START:.2f} s ({a.threads} torch thread(s))")


if __name__ == "__main__":
    main()
