/**
 * Runnable end-to-end programs; {@link dev.datamgmt.samples.Quickstart} is the README's first command, {@link
 * dev.datamgmt.samples.SyntheticData} writes a user-written generator's and the built-in generators' samples into
 * versions with previews; {@link dev.datamgmt.samples.report.HtmlReport} writes the one-file HTML report they show
 * their results in.
 */
package dev.datamgmt.samples;
