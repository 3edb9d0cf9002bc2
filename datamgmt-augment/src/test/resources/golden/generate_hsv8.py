#!/usr/bin/python3
"""Goldens for the 8-bit HSV shift (ByteKernelsGoldenTest): Albumentations' shift_hsv_uint8, written out with
OpenCV 4.6 (Debian's python3-opencv) exactly as albumentations/augmentations/functional.py does it:
cv2.cvtColor(RGB2HSV), lookup tables (hue (i + shift) mod 180, saturation and value clip(i + shift, 0, 255), cast
to uint8), cv2.cvtColor(HSV2RGB). Shifts are given as our HsvShift step has them (hue in degrees, saturation and
value as fractions of 1) and converted as the Java side does: hue / 2 steps, saturation * 255, value * 255 levels.

Regenerate with:  /usr/bin/python3 generate_hsv8.py > hsv8-golden.json
"""
import base64
import json

import cv2
import numpy as np

W, H = 64, 40
rng = np.random.default_rng(20261206)
img = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
# Structured rows: greys, pure and near-pure hues, dark and light saturated colours, ties between channels.
ramp = np.arange(W, dtype=np.int32)
img[0] = np.stack([ramp * 255 // (W - 1)] * 3, 1)
img[1] = np.stack([np.full(W, 255), ramp * 255 // (W - 1), np.zeros(W)], 1)
img[2] = np.stack([ramp * 255 // (W - 1), np.full(W, 255), np.full(W, 3)], 1)
img[3] = np.stack([np.full(W, 7), ramp * 255 // (W - 1), np.full(W, 200)], 1)
img[4] = np.stack([ramp % 4, (ramp + 1) % 4, (ramp + 2) % 4], 1)
img[5] = np.stack([255 - ramp % 5, 255 - (ramp + 2) % 5, 250 + ramp % 6], 1)
img[6] = np.stack([ramp * 2, ramp * 2, ramp * 2 + 1], 1)
img = img.astype(np.uint8)

def shift_hsv_uint8(img, hue_shift, sat_shift, val_shift):
    dtype = img.dtype
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    hue, sat, val = cv2.split(hsv)
    if hue_shift != 0:
        lut_hue = np.arange(0, 256, dtype=np.int16)
        lut_hue = np.mod(lut_hue + hue_shift, 180).astype(dtype)
        hue = cv2.LUT(hue, lut_hue)
    if sat_shift != 0:
        lut_sat = np.arange(0, 256, dtype=np.int16)
        lut_sat = np.clip(lut_sat + sat_shift, 0, 255).astype(dtype)
        sat = cv2.LUT(sat, lut_sat)
    if val_shift != 0:
        lut_val = np.arange(0, 256, dtype=np.int16)
        lut_val = np.clip(lut_val + val_shift, 0, 255).astype(dtype)
        val = cv2.LUT(val, lut_val)
    hsv = cv2.merge((hue, sat, val)).astype(dtype)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)

def chw(a):
    return base64.b64encode(np.ascontiguousarray(a.transpose(2, 0, 1)).tobytes()).decode()

cases = []
for hue_deg, sat, val in [(0.0, 0.0, 0.0), (37.3, 0.0, 0.0), (-39.9, 0.0, 0.0), (0.0, 0.1176, 0.0),
                          (0.0, -0.1176, 0.0), (0.0, 0.0, 0.0784), (0.0, 0.0, -0.0784),
                          (13.7, -0.05, 0.031), (-21.1, 0.09, -0.06), (359.0, 1.0, -1.0), (2.0, 0.5, 0.25),
                          (-38.00000000000001, 0.02, 0.0)]:
    out = shift_hsv_uint8(img, hue_deg / 2, sat * 255, val * 255)
    cases.append({"hue": hue_deg, "saturation": sat, "value": val, "output": chw(out)})
print(json.dumps({"generator": "generate_hsv8.py, OpenCV " + cv2.__version__ + ", numpy " + np.__version__,
                  "width": W, "height": H, "input": chw(img), "cases": cases}, indent=1))
