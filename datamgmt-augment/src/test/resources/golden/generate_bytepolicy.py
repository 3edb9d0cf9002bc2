#!/usr/bin/python3
"""Goldens for the 8-bit policy path (ByteOpsGoldenTest, ImagePlan.bytePolicyPath): what the Python libraries give
on uint8 images, written out with Debian's python3-opencv 4.6 and python3-torchvision 0.14.

- Bilinear warps: cv2.warpAffine(img, M, (ow, oh), flags=INTER_LINEAR | WARP_INVERSE_MAP, borderMode=BORDER_CONSTANT,
  borderValue=fill), M the index-coordinate form of our inverse matrix (output pixel centres at +0.5):
  M = [[a, b, a/2 + b/2 + c - 1/2], [d, e, d/2 + e/2 + f - 1/2]] for inv = [[a, b, c], [d, e, f], [0, 0, 1]].
- Policy ops: torchvision.transforms.functional on uint8 CHW tensors (adjust_brightness, adjust_saturation,
  adjust_contrast, adjust_sharpness, posterize, solarize, autocontrast, equalize, invert), with the parameters our
  steps hold (solarize's threshold on the 255 scale here, divided by 255 in the step).
- Normalize: F.normalize(F.convert_image_dtype(img, float32), ImageNet mean, std) (float32; compared with a
  tolerance: our table computes (v * (1f / 255f) - mean) * (1f / std), the float path's arithmetic).

Regenerate with:  /usr/bin/python3 generate_bytepolicy.py > bytepolicy-golden.json
"""
import base64
import json

import cv2
import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F

W, H = 48, 37
rng = np.random.default_rng(20261206)
img = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
# A channel with a narrower range (autocontrast stretches it), flat patches, ramps and extremes.
img[:, :, 1] = rng.integers(30, 221, (H, W), dtype=np.uint8)
img[5:15, 10:30] = (200, 40, 90)
img[20] = np.stack([np.arange(W) * 5, 255 - np.arange(W) * 5, np.full(W, 128)], 1).astype(np.uint8)
img[0, :5] = 0
img[1, :5] = 255


def chw(a):
    return base64.b64encode(np.ascontiguousarray(a.transpose(2, 0, 1)).tobytes()).decode()


def b64(t):
    return base64.b64encode(np.ascontiguousarray(t.numpy()).tobytes()).decode()


def rot(deg, scale, cx, cy, tx, ty):
    """Inverse of: scale and rotate about (cx, cy), then shift by (tx, ty); continuous coordinates."""
    a = np.radians(deg)
    fwd = np.array([[scale * np.cos(a), -scale * np.sin(a), 0], [scale * np.sin(a), scale * np.cos(a), 0], [0, 0, 1]])
    t1 = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]])
    t2 = np.array([[1, 0, cx + tx], [0, 1, cy + ty], [0, 0, 1]])
    return np.linalg.inv(t2 @ fwd @ t1)


warps = [
    ("crop up", [[20 / 60, 0, 5], [0, 17 / 50, 3], [0, 0, 1]], 60, 50, 0),
    ("crop down", [[0.8, 0, 1.5], [0, 0.7, 2.25], [0, 0, 1]], 40, 30, 0),
    ("crop x0.4817", [[0.4817, 0, 11.3], [0, 0.5123, 7.9], [0, 0, 1]], 48, 37, 0),
    ("flip and scale, past the edges", [[-0.5, 0, 30], [0, 0.5, -2], [0, 0, 1]], 50, 40, 0),
    ("flip only", [[-1, 0, W], [0, 1, 0], [0, 0, 1]], W, H, 0),
    ("identity", [[1, 0, 0], [0, 1, 0], [0, 0, 1]], W, H, 0),
    ("integer shift", [[1, 0, -3], [0, 1, 2], [0, 0, 1]], W, H, 7),
    ("half-pixel shift", [[1, 0, 0.5], [0, 1, -0.5], [0, 0, 1]], W, H, 0),
    ("rotate 17 scale 1.1", rot(17, 1.1, W / 2, H / 2, 1.5, -2).tolist(), W, H, 0),
    ("rotate -27 fill 128", rot(-27, 0.9, W / 2, H / 2, 0, 0).tolist(), 44, 40, 128),
    ("shear x 0.27", [[1, 0.27, 0], [0, 1, 0], [0, 0, 1]], W, H, 0),
    ("shear y -0.27", [[1, 0, 0], [-0.27, 1, 0], [0, 0, 1]], W, H, 255),
    ("all outside", [[1, 0, 500], [0, 1, 0], [0, 0, 1]], 20, 10, 3),
]
warp_cases = []
for name, inv, ow, oh, fill in warps:
    inv = [[float(v) for v in row] for row in inv]
    a, b, c = inv[0]
    d, e, f = inv[1]
    m = np.array([[a, b, a * 0.5 + b * 0.5 + c - 0.5], [d, e, d * 0.5 + e * 0.5 + f - 0.5]], np.float64)
    out = cv2.warpAffine(img, m, (ow, oh), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(fill, fill, fill))
    warp_cases.append({"name": name, "inverse": [v for row in inv for v in row], "width": ow, "height": oh,
                       "fill": fill, "output": chw(out)})

t = torch.from_numpy(img).permute(2, 0, 1).contiguous()
ops = []
for name, fn, params in [
        ("brightness", F.adjust_brightness, [1.27, 0.73, 1.9, 0.1, 1.0]),
        ("saturation", F.adjust_saturation, [1.27, 0.73, 0.0, 2.3]),
        ("contrast", F.adjust_contrast, [1.27, 0.73, 0.0, 1.9]),
        ("sharpness", F.adjust_sharpness, [1.27, 0.73, 0.0, 2.5, 1.0]),
        ("posterize", F.posterize, [4, 6, 1, 8]),
        ("solarize", F.solarize, [181.0, 0.0, 255.0, 100.5]),
        ("autoContrast", lambda im, _: F.autocontrast(im), [0]),
        ("equalize", lambda im, _: F.equalize(im), [0]),
        ("invert", lambda im, _: F.invert(im), [0])]:
    for q in params:
        ops.append({"op": name, "param": q, "output": b64(fn(t, q))})
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
norm = F.normalize(F.convert_image_dtype(t, torch.float32), mean, std)
print(json.dumps({"generator": "generate_bytepolicy.py, OpenCV " + cv2.__version__ + ", torch " + torch.__version__
                  + ", torchvision " + torchvision.__version__,
                  "width": W, "height": H, "input": chw(img), "warps": warp_cases, "ops": ops,
                  "normalize": {"mean": mean, "std": std, "output": b64(norm)}}, indent=1))
