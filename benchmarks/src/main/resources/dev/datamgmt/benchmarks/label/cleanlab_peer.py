"""cleanlab 2.x find_label_issues(filter_by="prune_by_noise_rate") restated in numpy (cleanlab itself is not
packaged for Debian): the peer of LabelIssuesBenchmark. Reads N, K, then N*K float64 pred_probs and N int32 labels
(little-endian) from the file given as argv[1]; prints the flagged indices, one per line, sorted.

Steps as in cleanlab/filter.py and cleanlab/count.py (v2.x):
  thresholds   = mean pred_probs[:, k] over examples labeled k
  confident joint: an example counts at argmax over the classes whose probability is >= threshold - 1e-6
  calibrate    : rows scaled to the label counts, then the total to N, rounded
  prune matrix : the confident joint transposed, keeping at least 1 example per class (simplified: cleanlab's
                 _keep_at_least_n_per_class spreads the difference over the column; here one example moves
                 from the largest off-diagonal count, which matters only for a class with no confident example)
  per given class k and other class j: the num2prune[j][k] examples labeled k with the largest
               pred_probs[:, j] - pred_probs[:, k] are issues (independently per j; the union is taken)
  finally      : an example whose argmax is its given label is not an issue
"""
import struct
import sys

import numpy as np


def confident_joint(labels, pred_probs):
    k = pred_probs.shape[1]
    thresholds = np.array([pred_probs[labels == j, j].mean() for j in range(k)])
    above = pred_probs >= thresholds - 1e-6
    num_above = above.sum(axis=1)
    masked = np.where(above, pred_probs, -np.inf)
    true_label_guess = masked.argmax(axis=1)
    keep = num_above > 0
    cj = np.zeros((k, k), dtype=np.int64)
    np.add.at(cj, (labels[keep], true_label_guess[keep]), 1)
    # calibrate_confident_joint
    label_counts = np.bincount(labels, minlength=k)
    row_sums = cj.sum(axis=1)
    row_sums[row_sums == 0] = 1
    cal = cj.T / row_sums * label_counts
    cal = cal.T
    cal = cal / cal.sum() * labels.size
    return np.round(cal).astype(int)


def find_label_issues(labels, pred_probs):
    n, k = pred_probs.shape
    cj = confident_joint(labels, pred_probs)
    prune = cj.T.copy()  # prune[j][k]: examples labeled k that are really j
    # _keep_at_least_n_per_class(n=1, frac_noise=1.0)
    for c in range(k):
        off = prune[:, c].sum() - prune[c, c]
        if prune[c, c] < 1 and off > 0:
            # keep one example of class c: take it from the largest off-diagonal count
            j = max((r for r in range(k) if r != c), key=lambda r: prune[r, c])
            prune[j, c] -= 1
            prune[c, c] += 1
    mask = np.zeros(n, dtype=bool)
    for c in range(k):
        idx = np.flatnonzero(labels == c)
        for j in range(k):
            if j == c:
                continue
            num = int(prune[j, c])
            if num <= 0:
                continue
            margin = pred_probs[idx, j] - pred_probs[idx, c]
            order = np.argsort(-margin, kind="stable")
            mask[idx[order[:num]]] = True
    mask[pred_probs.argmax(axis=1) == labels] = False
    return np.flatnonzero(mask)


def main():
    with open(sys.argv[1], "rb") as f:
        n, k = struct.unpack("<ii", f.read(8))
        pred_probs = np.frombuffer(f.read(8 * n * k), dtype="<f8").reshape(n, k)
        labels = np.frombuffer(f.read(4 * n), dtype="<i4").astype(np.int64)
    for i in find_label_issues(labels, pred_probs):
        print(int(i))


if __name__ == "__main__":
    main()
