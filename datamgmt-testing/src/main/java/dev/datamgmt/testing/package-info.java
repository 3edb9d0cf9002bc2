/**
 * Real servers for tests, shipped as an artifact (like OkHttp's {@code mockwebserver}): {@link
 * dev.datamgmt.testing.S3Server} and {@link dev.datamgmt.testing.S3ServerExtension} (a real S3-compatible server,
 * S3Proxy with its filesystem backend, on loopback with fresh credentials), {@link
 * dev.datamgmt.testing.PostgresServer} and {@link dev.datamgmt.testing.PostgresServerExtension} (a real PostgreSQL
 * server from Maven artifacts on loopback, a fresh database per test class) and {@link
 * dev.datamgmt.testing.FaultyProxy} (a TCP proxy that resets or stalls connections mid-transfer and records request
 * heads). Add {@code dev.datamgmt:datamgmt-testing} with test scope; it brings its own dependencies.
 */
package dev.datamgmt.testing;
