package io.kerasj.loader.spi;

import io.kerasj.KerasjException;

/**
 * A {@link CustomObjectsProvider plugin} that cannot be used: it cannot be loaded or instantiated,
 * it registers invalid or conflicting names, or one of its factories fails with something other
 * than a {@link KerasjException}. The message names the plugin class and, when known, the jar or
 * directory it was loaded from.
 */
public class PluginException extends KerasjException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public PluginException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
