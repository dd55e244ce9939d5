package io.kerasj.loader;

import java.util.Objects;

/**
 * Options for {@link KerasModels#load}: the custom-object registry and resource limits.
 * Immutable; start from {@link #defaults()} and derive with the {@code with*} methods.
 */
public final class LoadOptions {
  private static final LoadOptions DEFAULTS = new LoadOptions(CustomObjects.defaults(), 2L << 30);

  private final CustomObjects customObjects;
  private final long maxBytes;

  private LoadOptions(CustomObjects customObjects, long maxBytes) {
    this.customObjects = customObjects;
    this.maxBytes = maxBytes;
  }

  /** Built-in layers plus {@code LNSimpleRNNCell}; files up to 2 GiB. */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another custom-object registry. */
  public LoadOptions withCustomObjects(CustomObjects customObjects) {
    return new LoadOptions(Objects.requireNonNull(customObjects, "customObjects"), maxBytes);
  }

  /** The same options with another limit on the bytes read from a stream or archive entry. */
  public LoadOptions withMaxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    return new LoadOptions(customObjects, maxBytes);
  }

  /** The custom-object registry. */
  public CustomObjects customObjects() {
    return customObjects;
  }

  /** The largest stream, file read into memory, or archive entry accepted. */
  public long maxBytes() {
    return maxBytes;
  }
}
