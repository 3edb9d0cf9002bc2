/** Internals of datamgmt-synth shared by its generators (not API; may change without notice). */
package dev.datamgmt.synth.internal;
