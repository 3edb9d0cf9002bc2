/**
 * Runnable end-to-end programs. {@link dev.datamgmt.samples.Quickstart} is the README's first command: the data
 * flywheel on Fashion-MNIST (import and version, a baseline and a balanced model, a precision threshold, active
 * learning into Label Studio tasks, {@link dev.datamgmt.samples.SimulatedAnnotators simulated annotators}, label QA,
 * a feedback commit, retraining) with its HTML report ({@link dev.datamgmt.samples.FlywheelReport});
 * {@link dev.datamgmt.samples.SyntheticData} writes a user-written generator's and the built-in generators' samples
 * into versions with previews; {@link dev.datamgmt.samples.report.HtmlReport} writes the one-file HTML report they
 * show their results in.
 */
package dev.datamgmt.samples;
