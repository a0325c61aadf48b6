package io.cachegen.runtime;

/**
 * The one exception the cache throws: for misuse that cannot be reported any other way, such as a value
 * that the codec cannot encode. An unreachable, slow or broken Redis never causes it.
 */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public CacheException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
