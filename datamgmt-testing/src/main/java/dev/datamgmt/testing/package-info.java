/**
 * Real servers for tests, shipped as an artifact (like OkHttp's {@code mockwebserver}): {@link
 * dev.datamgmt.testing.S3Server} and {@link dev.datamgmt.testing.S3ServerExtension} (a real S3-compatible server,
 * S3Proxy with its filesystem backend, on loopback with fresh credentials), {@link
 * dev.datamgmt.testing.S3rverServer} and {@link dev.datamgmt.testing.S3rverExtension} (s3rver, a Node S3 clone
 * without conditional writes or aws-chunked decoding, installed by {@code npm ci} from a committed lock file; needs
 * node and npm), {@link dev.datamgmt.testing.S3TestServer} (what both S3 servers offer a contract suite), {@link
 * dev.datamgmt.testing.PostgresServer} and {@link dev.datamgmt.testing.PostgresServerExtension} (a real PostgreSQL
 * server from Maven artifacts on loopback, a fresh database per test class) and {@link
 * dev.datamgmt.testing.FaultyProxy} (a TCP proxy that resets, stalls or delays connections and records request
 * heads). {@link dev.datamgmt.testing.HeadlessChromium} drives Debian's Chromium over the DevTools protocol to check
 * that a page (an HTML report, say) renders: console errors, uncaught exceptions, requests leaving the file, broken
 * images, screenshots and JavaScript evaluation (needs Debian's {@code chromium}). Add {@code
 * dev.datamgmt:datamgmt-testing} with test scope; it brings its own dependencies.
 */
package dev.datamgmt.testing;
