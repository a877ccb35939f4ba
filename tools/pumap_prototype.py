"""pumap's held-out experiments in PyTorch (docs/models.md): the toolkit's pumap rebuilt (umap-learn's
fuzzy graph of the training half, edges drawn by weight, 5 negatives from the batch's tails, UMAP's
cross-entropy + 0.1 x the decoder's MSE, Adam 3e-3 with cosine decay, 512 edges a step, mask noise
0.1, three layers of 256, 500 epochs), trained on digits.csv's even rows and scored on its odd rows
encoded afterwards, with changes the toolkit lacks (LayerNorm, dropout, weight decay, averaged
weights, a mixup term, heads moved towards their tails, a fixed PCA projection of the input) to see what would move held-out trustworthiness-5. Not used by tests.

    awk 'NR==1 || NR%2==0' data/digits.csv > a.csv; awk 'NR==1 || NR%2==1' data/digits.csv > b.csv
    /usr/bin/python3 tools/pumap_prototype.py a.csv b.csv [--ln] [--dropout 0.1] [--seed 1] ...

Prints the changed options, the held-out rows placed at their nearest training rows' codes
(k = 1, 5, 10, inverse-distance weighted) and the encoder's codes averaged over 16 masked copies,
then kNN-5 accuracy (5-fold) and trustworthiness-5 of the training and the held-out codes.
One torch thread; about 5 minutes a run here."""
import argparse
import csv
import math
import time

import numpy as np
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

p = argparse.ArgumentParser()
p.add_argument("train_csv")
p.add_argument("held_csv")
p.add_argument("--seed", type=int, default=34)
p.add_argument("--epochs", type=int, default=500)
p.add_argument("--hidden", default="256,256,256")
p.add_argument("--mask", type=float, default=0.1)  # share of inputs set to 0 at each step
p.add_argument("--k", type=int, default=15)  # UMAP's n_neighbors
p.add_argument("--ln", action="store_true")  # LayerNorm after each hidden layer
p.add_argument("--dropout", type=float, default=0)  # after each hidden ReLU
p.add_argument("--wd", type=float, default=0)  # AdamW's decoupled weight decay
p.add_argument("--ema", type=float, default=0)  # encoder weights: an EMA with this decay
p.add_argument("--swa", type=float, default=0)  # encoder weights: the mean over this last share
p.add_argument("--interp", type=float, default=0)  # heads moved by U(0, this) of the way to tails
p.add_argument("--pca", type=int, default=0)  # the encoder sees this many PCA scores (fixed)
p.add_argument("--mix", type=float, default=0)  # weight of |f(mix) - mix of codes|^2 on edges
args = p.parse_args()
torch.set_num_threads(1)
torch.manual_seed(args.seed)
rs = np.random.default_rng(args.seed)


def rows(path):
    """Pixels / 16 (the toolkit's range scaling of the digits) and labels of a CSV."""
    t = list(csv.reader(open(path)))
    at = t[0].index("label")
    x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in t[1:]], np.float32)
    return x / 16, np.array([int(r[at]) for r in t[1:]])


def fuzzy(x, k):
    """umap-learn's fuzzy simplicial set (smooth_knn_dist, then the fuzzy union): edges, weights."""
    d, i = NearestNeighbors(n_neighbors=k).fit(x).kneighbors(x)
    d, i = d[:, 1:], i[:, 1:]
    n, target = len(x), math.log2(k)
    w = np.zeros((n, n))
    for r in range(n):
        row = d[r]
        rho = row[row > 0][0]
        lo, hi, mid = 0, math.inf, 1.0
        for _ in range(64):
            ps = np.where(row - rho > 0, np.exp(-(row - rho) / mid), 1).sum()
            if abs(ps - target) < 1e-5:
                break
            if ps > target:
                hi, mid = mid, (lo + mid) / 2
            else:
                lo, mid = mid, (mid * 2 if hi == math.inf else (mid + hi) / 2)
        w[r, i[r]] = np.where(row - rho > 0, np.exp(-(row - rho) / max(mid, 1e-3 * row.mean())), 1)
    p = w + w.T - w * w.T
    h, t = np.nonzero(p)
    return h, t, p[h, t]


class Projection(torch.nn.Module):
    """(x - mean) @ components.T of a fitted scikit-learn PCA, not trained."""

    def __init__(self, pca):
        super().__init__()
        self.register_buffer("mean", torch.tensor(pca.mean_, dtype=torch.float32))
        self.register_buffer("basis", torch.tensor(pca.components_.T.copy(), dtype=torch.float32))

    def forward(self, v):
        return (v - self.mean) @ self.basis


def mlp(dims, sigmoid):
    """Dense layers with glorot-uniform weights (tfjs's default), ReLU between them."""
    layers = []
    for j in range(len(dims) - 1):
        lin = torch.nn.Linear(dims[j], dims[j + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if j < len(dims) - 2:
            if args.ln:
                layers.append(torch.nn.LayerNorm(dims[j + 1]))
            layers.append(torch.nn.ReLU())
            if args.dropout:
                layers.append(torch.nn.Dropout(args.dropout))
    if sigmoid:
        layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


xa, ya = rows(args.train_csv)
xb, yb = rows(args.held_csv)
h, t, w = fuzzy(xa, args.k)
cum = np.cumsum(w)
B, NEG = 512, 5
steps = max(1, math.ceil(cum[-1] / B))
A, BB = 1.5769, 0.8951  # umap-learn's curve for min_dist 0.1
hid = [int(v) for v in args.hidden.split(",")]
pca = PCA(args.pca).fit(xa) if args.pca else None
enc, dec = mlp([args.pca or 64, *hid, 2], False), mlp([2, *hid[::-1], 64], True)
if pca is not None:  # a fixed first map: centre, then project on the leading components
    enc = torch.nn.Sequential(Projection(pca), enc)
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.AdamW(params, lr=3e-3, weight_decay=args.wd) if args.wd else torch.optim.Adam(
    params, lr=3e-3)
X = torch.tensor(xa)
total = args.epochs * steps
avg = [q.detach().clone() for q in enc.parameters()] if (args.ema or args.swa) else None
averaged = 0


def q_(d2):
    return A * torch.clamp(d2, min=1e-8) ** BB


def noisy(v):
    return v * (torch.rand_like(v) >= args.mask).float() if args.mask else v


t0 = time.time()
for s in range(total):
    for g in opt.param_groups:
        g["lr"] = 3e-3 * 0.5 * (1 + math.cos(math.pi * s / total))
    e = np.searchsorted(cum, rs.random(B) * cum[-1], side="right")
    hx, tx = X[h[e]], X[t[e]]
    if args.interp:
        hx = hx + args.interp * torch.rand(B, 1) * (tx - hx)
    zh, zt = enc(noisy(hx)), enc(noisy(tx))
    attraction = torch.log1p(q_(((zh - zt) ** 2).sum(1))).sum()
    neg = torch.tensor(rs.integers(0, B, B * NEG))
    s_ = q_(((zh.repeat(NEG, 1) - zt[neg]) ** 2).sum(1))
    repulsion = -torch.log(torch.clamp(s_ / (1 + s_), min=1e-4)).sum()
    loss = (attraction + repulsion) / B + 0.1 * ((dec(zh) - hx) ** 2).mean()
    if args.mix:
        lam = torch.rand(B, 1)
        zm = enc(noisy(lam * hx + (1 - lam) * tx))
        loss = loss + args.mix * ((zm - (lam * zh + (1 - lam) * zt).detach()) ** 2).sum(1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if avg is not None and (args.ema or s + 1 > (1 - args.swa) * total):
        averaged += 1
        keep = args.ema or (averaged - 1) / averaged
        with torch.no_grad():
            for m, q in zip(avg, enc.parameters()):
                m.mul_(keep).add_(q, alpha=1 - keep)
if avg is not None:
    with torch.no_grad():
        for m, q in zip(avg, enc.parameters()):
            q.copy_(m)
enc.eval()
with torch.no_grad():
    za, zb = enc(X).numpy(), enc(torch.tensor(xb)).numpy()
    XB, gen = torch.tensor(xb), torch.Generator().manual_seed(5)
    masked = sum(enc(XB * (torch.rand(XB.shape, generator=gen) >= args.mask).float())
                 for _ in range(16)) / 16
placed = []
for k in (1, 5, 10):
    d, i = NearestNeighbors(n_neighbors=k).fit(xa).kneighbors(xb)
    wk = 1 / (d + 1e-9)
    zp = (za[i] * wk[..., None]).sum(1) / wk.sum(1, keepdims=True)
    placed.append(f"{trustworthiness(xb, zp, n_neighbors=5):.4f}")
changed = {k: v for k, v in vars(args).items() if v != p.get_default(k) and not k.endswith("csv")}
print(f"{changed} nearest-row placement k=1/5/10: {' '.join(placed)}; codes of 16 masked copies: "
      f"{trustworthiness(xb, masked.numpy(), n_neighbors=5):.4f}")


def score(x, z, y):
    return cross_val_score(KNeighborsClassifier(5), z, y, cv=5).mean(), trustworthiness(x, z, n_neighbors=5)


(ka, ta), (kb, tb) = score(xa, za, ya), score(xb, zb, yb)
print(f"{changed} training kNN-5 {ka:.3f} trust-5 {ta:.4f}; held-out kNN-5 {kb:.3f} trust-5 {tb:.4f}; "
      f"{time.time() - t0:.0f} s")
