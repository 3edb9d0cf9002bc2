/** Runnable end-to-end programs; {@link dev.datamgmt.samples.Quickstart} is the README's first command. */
package dev.datamgmt.samples;
