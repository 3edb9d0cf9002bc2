package dev.datamgmt.storage.s3;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.storage.internal.retry.Retrier;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3 failures are classified (retry or not) and turned into {@link DataException}s without secrets. */
final class S3Errors {
  private S3Errors() {}

  /** A ranged read returned fewer bytes than it should: a dropped connection the client did not notice. */
  static final class ShortReadException extends IOException {
    private static final long serialVersionUID = 1L;

    ShortReadException(String message) {
      super(message);
    }
  }

  static int status(Throwable t) {
    t = Retrier.unwrap(t);
    return t instanceof S3Exception s ? s.statusCode() : -1;
  }

  static boolean isNotFound(Throwable t) {
    t = Retrier.unwrap(t);
    return t instanceof NoSuchKeyException || status(t) == 404;
  }

  static boolean isPreconditionFailed(Throwable t) {
    return status(t) == 412;
  }

  /** Throttling, server errors, timeouts and dropped connections: worth another attempt. */
  static boolean isRetryable(Throwable t) {
    t = Retrier.unwrap(t);
    if (t instanceof S3Exception s) {
      int code = s.statusCode();
      String err = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      return code == 429 || code == 500 || code == 502 || code == 503 || code == 504
          || "SlowDown".equals(err) || "RequestTimeout".equals(err) || "InternalError".equals(err);
    }
    if (t instanceof ShortReadException) {
      return true;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return true;
    }
    if (t instanceof SdkClientException || t instanceof IOException) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof IOException || c instanceof TimeoutException) {
          return true;
        }
        if (c.getClass().getName().startsWith("io.netty.")) {
          return true;
        }
      }
      // The Netty client reports a closed or reset connection as a bare SdkClientException.
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return m.contains("connection") || m.contains("closed") || m.contains("reset") || m.contains("timed out");
    }
    return false;
  }

  /** Turns a failure into the matching {@link DataException}, with credentials scrubbed from every message. */
  static DataException toDataException(Throwable t, String op, String location, List<String> secrets) {
    t = Retrier.unwrap(t);
    if (t instanceof DataException d) {
      return d;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      throw (RuntimeException) t;
    }
    Throwable safeCause = scrubbed(t, secrets);
    String found = scrub(BlobStore.describeFailure((Exception) (t instanceof Exception ? t : new Exception(t))), secrets);
    if (isNotFound(t)) {
      return new NotFoundException("no such object", location, "an existing object", "none", safeCause);
    }
    return new StorageException(op + " failed", location, "a successful " + op, found, safeCause);
  }

  static String scrub(String s, List<String> secrets) {
    if (s == null) {
      return null;
    }
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        s = s.replace(secret, "****");
      }
    }
    return s;
  }

  /**
   * The cause itself if no message in its chain mentions a credential; otherwise a plain copy with scrubbed
   * messages and the original stack traces, so that logging the exception cannot leak a secret.
   */
  static Throwable scrubbed(Throwable t, List<String> secrets) {
    boolean leaks = false;
    for (Throwable c = t; c != null && !leaks; c = c.getCause()) {
      String m = c.getMessage();
      leaks = m != null && !scrub(m, secrets).equals(m);
    }
    if (!leaks) {
      return t;
    }
    Throwable copy = new RemoteFailure(t.getClass().getName() + ": " + scrub(t.getMessage(), secrets),
        t.getCause() == null ? null : scrubbed(t.getCause(), secrets));
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands in for a remote failure whose message had to be scrubbed. */
  static final class RemoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
