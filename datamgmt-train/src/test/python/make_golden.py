#!/usr/bin/python3
"""Golden values and gradients for datamgmt-train's losses, computed by PyTorch.

Run from the repository root with Debian's Python (it has torch 1.13 and torchvision 0.14):

    /usr/bin/python3 datamgmt-train/src/test/python/make_golden.py

Writes datamgmt-train/src/test/resources/golden/losses.json (values and d loss / d logits in float64,
computed from float32 inputs) and golden/tiny_backbone.pt, a small TorchScript model the fine-tuning test loads.
The Java tests (LossGoldenTest, FineTuningTest) read these files; regenerate and commit both together.
"""
import json
import os

import torch
import torch.nn.functional as F
from torchvision.ops import sigmoid_focal_loss

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
torch.manual_seed(20240607)


def logits(n, c):
    x = torch.randn(n, c) * 3
    # extreme logits on both sides, where naive formulas overflow or lose all precision
    x[0, 0] = 80.0
    x[0, 1 % c] = -80.0
    x[1, 0] = -30.0
    x[1, (1 % c)] = 30.0
    x[2, :] = 0.0
    return x.float()


def value_and_grad(fn, x):
    x = x.clone().requires_grad_(True)
    v = fn(x)
    total = v.sum()  # for reduction none the gradient is that of the sum
    total.backward()
    return v.detach().double().tolist(), x.grad.double().tolist()


cases = []


def add(name, kind, x, target, params, fn):
    value, grad = value_and_grad(fn, x)
    cases.append({"name": name, "kind": kind, "logits": x.double().tolist(), "target": target,
                  "params": params, "value": value, "grad": grad})


# sigmoid focal loss, torchvision semantics, multi-label (N, C) and binary (N, 1)
for shape in [(6, 3), (5, 1)]:
    x = logits(*shape)
    t = (torch.rand(*shape) > 0.5).float()
    t[0, 0] = 0.0  # logit +80 on a negative: the loss must be finite and large
    for alpha, gamma in [(0.25, 2.0), (-1.0, 2.0), (0.25, 0.0), (0.5, 1.5)]:
        for reduction in ["none", "mean", "sum"]:
            add(f"sigmoid_focal_{shape[0]}x{shape[1]}_a{alpha}_g{gamma}_{reduction}", "sigmoid_focal", x,
                t.tolist(), {"alpha": alpha, "gamma": gamma, "reduction": reduction},
                lambda z, a=alpha, g=gamma, r=reduction, tt=t: sigmoid_focal_loss(z, tt, alpha=a, gamma=g,
                                                                                  reduction=r))
    # class-balanced sigmoid focal: per-class weights multiply the elementwise loss
    w = torch.linspace(0.5, 1.5, shape[1])
    add(f"sigmoid_focal_{shape[0]}x{shape[1]}_classweighted_mean", "sigmoid_focal", x, t.tolist(),
        {"alpha": 0.25, "gamma": 2.0, "reduction": "mean", "classWeights": w.tolist()},
        lambda z, tt=t, ww=w: (sigmoid_focal_loss(z, tt, alpha=0.25, gamma=2.0, reduction="none") * ww).mean())


# softmax focal loss: -alpha[y] (1 - p_y)^gamma log p_y, mean over samples
def softmax_focal(z, y, alpha, gamma, reduction):
    logp = F.log_softmax(z, dim=-1)
    logpt = logp.gather(1, y.view(-1, 1)).squeeze(1)
    loss = -(1 - logpt.exp()).pow(gamma) * logpt
    if alpha is not None:
        loss = loss * alpha[y]
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


x = logits(8, 4)
y = torch.tensor([1, 0, 3, 2, 1, 0, 3, 2])
y[0] = 1  # logit -80 on the true class
alpha = torch.tensor([0.1, 0.2, 0.3, 0.4])
for gamma in [0.0, 2.0, 0.5]:
    for a in [None, alpha]:
        for reduction in ["none", "mean", "sum"]:
            add(f"softmax_focal_g{gamma}_{'alpha' if a is not None else 'noalpha'}_{reduction}", "softmax_focal", x,
                y.tolist(), {"gamma": gamma, "alpha": None if a is None else a.tolist(), "reduction": reduction},
                lambda z, g=gamma, aa=a, r=reduction: softmax_focal(z, y, aa, g, r))

# cross-entropy with per-class weights and label smoothing (torch.nn.functional.cross_entropy semantics)
w = torch.tensor([0.5, 2.0, 1.0, 1.5])
for weight in [None, w]:
    for smoothing in [0.0, 0.1]:
        for reduction in ["none", "mean", "sum"]:
            add(f"cross_entropy_{'w' if weight is not None else 'now'}_s{smoothing}_{reduction}", "cross_entropy", x,
                y.tolist(), {"classWeights": None if weight is None else weight.tolist(), "labelSmoothing": smoothing,
                             "reduction": reduction},
                lambda z, ww=weight, s=smoothing, r=reduction: F.cross_entropy(z, y, weight=ww, label_smoothing=s,
                                                                               reduction=r))

# balanced softmax / logit adjustment (Ren et al. 2020; Menon et al. 2021): CE on logits + tau * log(prior)
counts = torch.tensor([5000.0, 500.0, 50.0, 5.0])
prior = counts / counts.sum()
for tau in [1.0, 0.5]:
    add(f"balanced_softmax_tau{tau}_mean", "balanced_softmax", x, y.tolist(),
        {"classCounts": counts.tolist(), "tau": tau, "reduction": "mean"},
        lambda z, tt=tau: F.cross_entropy(z + tt * prior.log(), y))

# class-balanced weights by effective number (Cui et al. 2019), normalized to sum to the number of classes
effective = []
for beta in [0.0, 0.9, 0.99, 0.999, 0.9999]:
    c = torch.tensor([6000.0, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60], dtype=torch.float64)
    eff = 1.0 - torch.pow(beta, c)
    wts = (1.0 - beta) / eff if beta > 0 else torch.ones_like(c)
    wts = wts / wts.sum() * len(c)
    effective.append({"beta": beta, "counts": c.tolist(), "weights": wts.tolist()})

with open(os.path.join(OUT, "losses.json"), "w") as f:
    json.dump({"generator": "make_golden.py", "torch": torch.__version__, "cases": cases,
               "effectiveNumber": effective}, f, indent=1)


# a tiny TorchScript feature extractor for the fine-tuning test (4 features -> 8 ReLU features); the test puts
# a new head on top of it, which is how a TorchScript backbone gets a replaced head
backbone = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU()).eval()
torch.jit.script(backbone).save(os.path.join(OUT, "tiny_backbone.pt"))
print(f"wrote {len(cases)} loss cases, {len(effective)} weight cases and tiny_backbone.pt to {os.path.normpath(OUT)}")
