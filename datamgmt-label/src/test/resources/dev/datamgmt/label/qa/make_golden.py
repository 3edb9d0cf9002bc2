#!/usr/bin/python3
"""Golden values for AgreementGoldenTest: Cohen's kappa from scikit-learn, Fleiss' kappa from statsmodels.

Run with Debian's python3-sklearn and python3-statsmodels (apt-get install python3-sklearn python3-statsmodels):
    /usr/bin/python3 make_golden.py > golden.json
The test reads golden.json only; it needs no Python.
"""
import json

import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

rng = np.random.default_rng(20261206)
cohen = []
for case in range(12):
    k = int(rng.integers(2, 6))
    n = int(rng.integers(5, 60))
    a = rng.integers(0, k, n)
    # b agrees with a with some probability, otherwise random: kappas across the range
    agree = rng.random(n) < rng.uniform(0.0, 0.95)
    b = np.where(agree, a, rng.integers(0, k, n))
    for weights in (None, "linear", "quadratic"):
        value = cohen_kappa_score(a, b, labels=list(range(k)), weights=weights)
        cohen.append({"a": a.tolist(), "b": b.tolist(), "numClasses": k,
                      "weights": (weights or "none").upper(), "kappa": float(value)})

fleiss = []
for case in range(10):
    k = int(rng.integers(2, 6))
    items = int(rng.integers(5, 40))
    raters = int(rng.integers(2, 8))
    truth = rng.integers(0, k, items)
    table = np.zeros((items, k), dtype=int)
    skill = rng.uniform(0.2, 0.95)
    for i in range(items):
        for r in range(raters):
            c = truth[i] if rng.random() < skill else int(rng.integers(0, k))
            table[i, c] += 1
    fleiss.append({"counts": table.tolist(), "kappa": float(fleiss_kappa(table, method="fleiss"))})

# one case per line, so a diff shows which case changed
print('{"generator": "make_golden.py", "sklearn": %s, "statsmodels": %s,' % (
    json.dumps(sklearn.__version__), json.dumps(statsmodels.__version__)))
print(' "cohen": [\n  ' + ",\n  ".join(json.dumps(c) for c in cohen) + "],")
print(' "fleiss": [\n  ' + ",\n  ".join(json.dumps(c) for c in fleiss) + "]}")
