/**
 * The IDX format of the MNIST family (MNIST, Fashion-MNIST, KMNIST, EMNIST): a big-endian header with a magic
 * number, a type code and the dimension sizes, followed by the values. Files may be gzip-compressed, as they
 * are distributed; {@link dev.datamgmt.storage.formats.idx.Idx} detects gzip by its magic bytes.
 */
package dev.datamgmt.storage.formats.idx;
