#!/usr/bin/python3
"""Makes the Fashion-MNIST subset in this folder from the full data set, deterministically.

Input: the four original IDX gz files, as Debian's dataset-fashion-mnist installs them
(/usr/share/datasets/fashion-mnist) or as downloaded from github.com/zalandoresearch/fashion-mnist.
Output: the same four file names here, holding the first 1,000 images of each class from the training
set (10,000 images) and the first 200 of each class from the test set (2,000 images), in their original
order. The gzip headers carry no file name and mtime 0, so running it twice gives identical bytes.

Usage: /usr/bin/python3 make-subset.py [SOURCE_DIR]   (standard library only)
"""
import gzip
import os
import struct
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
PARTS = {"train": 1000, "t10k": 200}  # images kept per class


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, type_code, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or type_code != 0x08:
        raise SystemExit(f"{path}: expected an IDX file of unsigned bytes, found magic {data[:4].hex()}")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def write_idx(path, shape, payload):
    header = struct.pack(">HBB", 0, 0x08, len(shape)) + struct.pack(">" + "I" * len(shape), *shape)
    with open(path, "wb") as raw:
        # filename="" and mtime=0: the bytes depend on the content only
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
            f.write(header + payload)


for part, per_class in PARTS.items():
    (n,), labels = read_idx(os.path.join(SOURCE, f"{part}-labels-idx1-ubyte.gz"))
    (n_images, rows, cols), pixels = read_idx(os.path.join(SOURCE, f"{part}-images-idx3-ubyte.gz"))
    if n != n_images:
        raise SystemExit(f"{part}: expected as many labels as images, found {n} labels and {n_images} images")
    taken = [0] * 10
    keep = []
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            keep.append(i)
    if taken != [per_class] * 10:
        raise SystemExit(f"{part}: expected {per_class} images of each class, found {taken}")
    size = rows * cols
    write_idx(os.path.join(HERE, f"{part}-labels-idx1-ubyte.gz"), (len(keep),), bytes(labels[i] for i in keep))
    write_idx(os.path.join(HERE, f"{part}-images-idx3-ubyte.gz"), (len(keep), rows, cols),
              b"".join(pixels[i * size:(i + 1) * size] for i in keep))
    print(f"{part}: kept {len(keep)} of {n} images ({per_class} per class)")
