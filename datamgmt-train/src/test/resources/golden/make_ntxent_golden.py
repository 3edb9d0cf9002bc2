#!/usr/bin/python3
"""Golden values and gradients of the NT-Xent (SimCLR) loss, computed by PyTorch.

Run from the repository root with Debian's Python (python3-torch):

    /usr/bin/python3 datamgmt-train/src/test/resources/golden/make_ntxent_golden.py

Writes ntxent.json beside this script: for each case the embeddings z (2N, D) in float32 (rows 0..N-1 view 0,
rows N..2N-1 view 1 of the same samples), the temperature, the mean loss and d loss / d z, in float64 from the
float32 computation. NtXentLossTest reads it; regenerate and commit both together.
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ntxent.json")
torch.manual_seed(20261206)


def nt_xent(z, tau):
    """SimCLR's loss (Chen et al. 2020): cross-entropy of each row's cosine similarities over the other 2N-1 rows,
    the positive being the other view of the same sample."""
    n2 = z.shape[0]
    n = n2 // 2
    zn = F.normalize(z, dim=1)
    sim = zn @ zn.t() / tau
    sim = sim.masked_fill(torch.eye(n2, dtype=torch.bool), float("-inf"))
    targets = torch.cat([torch.arange(n, n2), torch.arange(0, n)])
    return F.cross_entropy(sim, targets)


def case(name, z, tau):
    z = z.float().clone().requires_grad_(True)
    loss = nt_xent(z, tau)
    loss.backward()
    return {"name": name, "temperature": tau, "z": z.detach().double().tolist(),
            "loss": loss.detach().double().item(), "grad": z.grad.double().tolist()}


close_views = torch.randn(6, 8)
cases = [
    case("random 2x4 by 16, tau 0.5", torch.randn(8, 16), 0.5),
    case("random 2x2 by 3, tau 0.1", torch.randn(4, 3), 0.1),
    # views that nearly agree: the loss approaches its floor, gradients are small
    case("near-identical views, tau 0.2", torch.cat([close_views, close_views + 0.01 * torch.randn(6, 8)]), 0.2),
    # large norms (normalisation must not overflow) and a low temperature (logits up to 1/0.07)
    case("large norms, tau 0.07", torch.randn(6, 5) * 1000, 0.07),
]
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote", OUT)
