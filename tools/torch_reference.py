"""PyTorch reference for the tests: the notebook's autoencoder, small and exact.

Writes tests/fixtures/torch_step.json: a [8,6,4,2] AutoEncoder exactly as the notebook
defines it (torch.manual_seed(0), nn.Linear's default init), a fixed batch, its forward
pass, loss, gradients and the parameters after 1 and 3 Adam(1e-3) steps. Weights are
stored input-major ([in][out], torch's weight transposed), as lib/model.ts keeps them.

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 tools/torch_reference.py                    # writes the fixture
    /usr/bin/python3 tools/torch_reference.py --full-seeds 34 35 # the notebook's full run
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn


class MLPBlock(nn.Module):
    def __init__(self, features):
        super().__init__()
        layers = []
        for ldx, (f_in, f_out) in enumerate(zip(features[:-1], features[1:])):
            layers.append(nn.Linear(f_in, f_out))
            if ldx != len(features) - 2:
                layers.append(nn.ReLU())
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


class AutoEncoder(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.encoder = MLPBlock(features)
        self.decoder = nn.Sequential(MLPBlock(list(reversed(features))), nn.ReLU())

    def forward(self, x):
        return self.decoder(self.encoder(x))


def linears(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def params_json(model, grads=False):
    out = []
    for lin in linears(model):
        w = lin.weight.grad if grads else lin.weight
        b = lin.bias.grad if grads else lin.bias
        out.append({"w": w.detach().T.double().tolist(), "b": b.detach().double().tolist()})
    return out


def fixture(path):
    torch.manual_seed(0)
    features = [8, 6, 4, 2]
    model = AutoEncoder(features)
    x = torch.tensor(np.random.default_rng(5).integers(0, 17, size=(5, 8)), dtype=torch.float32)
    loss_fn = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    result = {
        "torch_version": torch.__version__,
        "features": features,
        "params": params_json(model),
        "x": x.double().tolist(),
        "latent": model.encoder(x).detach().double().tolist(),
        "output": model(x).detach().double().tolist(),
    }
    losses = []
    for step in range(3):
        opt.zero_grad()
        loss = loss_fn(model(x), x)
        loss.backward()
        if step == 0:
            result["loss"] = loss.item()
            result["grads"] = params_json(model, grads=True)
            dead = [i for i, g in enumerate(result["grads"]) if not np.any(np.array(g["w"]))]
            assert not dead, f"layers {dead} get no gradient; pick another batch"
        losses.append(loss.item())
        opt.step()
        if step == 0:
            result["after_1"] = params_json(model)
            result["loss_after_1"] = loss_fn(model(x), x).item()
    result["losses_3"] = losses
    result["after_3"] = params_json(model)
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print(f"wrote {path}: loss {result['loss']:.6f}, losses_3 {losses}")


def full(seeds, csv):
    torch.set_num_threads(1)
    raw = np.loadtxt(csv, delimiter=",", skiprows=1)
    flat = torch.as_tensor(raw[:, :64], dtype=torch.float32)
    for seed in seeds:
        torch.manual_seed(seed)
        model = AutoEncoder([64, 128, 128, 2])
        opt = torch.optim.Adam(model.parameters(), 1e-3)
        loss_fn = nn.MSELoss()
        rng = np.random.default_rng(432)
        idx = np.arange(flat.shape[0])
        t0 = time.perf_counter()
        for epoch in range(50):
            rng.shuffle(idx)
            for i in range(0, len(idx), 64):
                batch = flat[idx[i:i + 64]]
                opt.zero_grad()
                loss = loss_fn(model(batch), batch)
                loss.backward()
                opt.step()
        secs = time.perf_counter() - t0
        with torch.no_grad():
            mse = loss_fn(model(flat), flat).item()
        print(f"seed {seed}: full-data MSE {mse:.2f}, training {secs:.2f} s")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--full-seeds", type=int, nargs="*")
    p.add_argument("--data", default="data/digits.csv")
    p.add_argument("--out", default="tests/fixtures/torch_step.json")
    a = p.parse_args()
    if a.full_seeds:
        full(a.full_seeds, a.data)
    else:
        fixture(a.out)
