/**
 * Thread helpers the modules share (joining worker threads, rethrowing what they met). Not API: it may change in
 * any release.
 */
package dev.datamgmt.core.internal.concurrent;
