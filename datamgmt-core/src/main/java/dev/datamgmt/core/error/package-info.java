/**
 * The checked exception family for recoverable data and storage problems. Every message states what was
 * expected, what was found, and where (key, path, record id); the parts are also available as fields so
 * callers can react without parsing text.
 *
 * <h2>Misuse is not a data problem</h2>
 *
 * Misuse of an API is reported with unchecked exceptions, the same way in every module:
 *
 * <ul>
 *   <li>A bad argument or a setting with a bad value (a negative size, a null where none is allowed): an
 *       {@link java.lang.IllegalArgumentException} naming the setting and the value, e.g.
 *       {@code "partSize must be >= 5 MiB (S3's minimum part size): 1000"}.
 *   <li>A builder missing a required ({@code set*}) setting: an {@link java.lang.IllegalStateException} from
 *       {@code build()} naming the setting and the call that sets it, always in this form:
 *       {@code "bucket was not set; call setBucket"}.
 *   <li>Two settings that contradict each other: an {@link java.lang.IllegalStateException} from
 *       {@code build()} naming both, whatever order they were given in (the last call never silently wins),
 *       e.g. {@code "optClient conflicts with optEndpoint: ..."} or
 *       {@code "optMaxMemoryEntry(2048) conflicts with optMemoryBytes(1024): ..."}.
 *   <li>An object used in a state that does not allow it (closed, already committed): an
 *       {@link java.lang.IllegalStateException} saying so.
 * </ul>
 */
package dev.datamgmt.core.error;
