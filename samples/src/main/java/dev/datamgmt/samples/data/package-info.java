/** Data the samples share: {@link dev.datamgmt.samples.data.FashionMnistSubset}, the subset committed with the code. */
package dev.datamgmt.samples.data;
