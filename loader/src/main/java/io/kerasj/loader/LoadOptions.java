package io.kerasj.loader;

import java.util.Objects;

/**
 * Options for {@link KerasModels#load}: the custom-object registry and the resource limits that
 * bound what an untrusted file can make the loader do.
 *
 * <p>Every limit is checked <em>before</em> the memory it guards is allocated: a file's size
 * before it is read, a dataset's declared shape before its data is read, an archive entry's size
 * while it is inflated. A file over a limit fails with a {@link io.kerasj.ModelFormatException}
 * (or {@link io.kerasj.ShapeMismatchException} for weights) whose message names the limit and the
 * {@code with*} method that raises it. See {@code SECURITY.md}.
 *
 * <p>Immutable; start from {@link #defaults()} and derive with the {@code with*} methods.
 */
public final class LoadOptions {
  /** 2 GiB: the largest file, stream or archive entry read into memory. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;
  /** Entries in a {@code .keras} archive (Keras writes three). */
  public static final int DEFAULT_MAX_ZIP_ENTRIES = 1_000;
  /** Uncompressed bytes of all entries of a {@code .keras} archive together, skipped ones included. */
  public static final long DEFAULT_MAX_ZIP_TOTAL_BYTES = 4L << 30;
  /** Elements of one weight array: 2^28 floats, 1 GiB. */
  public static final long DEFAULT_MAX_WEIGHT_ELEMENTS = 1L << 28;
  /** Elements of all weights of one model together: 2^29 floats, 2 GiB. */
  public static final long DEFAULT_MAX_TOTAL_WEIGHT_ELEMENTS = 1L << 29;
  /** Nesting depth of the JSON config; Gson's own default, far above any Keras config (about 10). */
  public static final int DEFAULT_MAX_JSON_DEPTH = 255;

  private static final LoadOptions DEFAULTS = new LoadOptions(CustomObjects.defaults(), DEFAULT_MAX_BYTES,
      DEFAULT_MAX_ZIP_ENTRIES, DEFAULT_MAX_BYTES, DEFAULT_MAX_ZIP_TOTAL_BYTES, DEFAULT_MAX_WEIGHT_ELEMENTS,
      DEFAULT_MAX_TOTAL_WEIGHT_ELEMENTS, DEFAULT_MAX_JSON_DEPTH);

  private final CustomObjects customObjects;
  private final long maxBytes;
  private final int maxZipEntries;
  private final long maxZipEntryBytes;
  private final long maxZipTotalBytes;
  private final long maxWeightElements;
  private final long maxTotalWeightElements;
  private final int maxJsonDepth;

  private LoadOptions(CustomObjects customObjects, long maxBytes, int maxZipEntries, long maxZipEntryBytes,
                      long maxZipTotalBytes, long maxWeightElements, long maxTotalWeightElements, int maxJsonDepth) {
    this.customObjects = customObjects;
    this.maxBytes = maxBytes;
    this.maxZipEntries = maxZipEntries;
    this.maxZipEntryBytes = maxZipEntryBytes;
    this.maxZipTotalBytes = maxZipTotalBytes;
    this.maxWeightElements = maxWeightElements;
    this.maxTotalWeightElements = maxTotalWeightElements;
    this.maxJsonDepth = maxJsonDepth;
  }

  /**
   * Built-in layers plus {@code LNSimpleRNNCell}; files and archive entries up to 2 GiB, at most
   * 1,000 archive entries and 4 GiB inflated in all, weights up to 2^28 elements each and 2^29 in
   * all, JSON nested at most 255 deep.
   */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another custom-object registry. */
  public LoadOptions withCustomObjects(CustomObjects customObjects) {
    return new LoadOptions(Objects.requireNonNull(customObjects, "customObjects"), maxBytes, maxZipEntries,
        maxZipEntryBytes, maxZipTotalBytes, maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /**
   * The same options with another limit on the bytes of a file or stream read into memory. For
   * compatibility this also sets the per-entry limit of {@code .keras} archives
   * ({@link #withMaxZipEntryBytes}) when that is larger.
   */
  public LoadOptions withMaxBytes(long maxBytes) {
    positive("maxBytes", maxBytes);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, Math.min(maxZipEntryBytes, maxBytes),
        maxZipTotalBytes, maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /** The same options with another limit on the number of entries of a {@code .keras} archive. */
  public LoadOptions withMaxZipEntries(int maxZipEntries) {
    positive("maxZipEntries", maxZipEntries);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /** The same options with another limit on the uncompressed size of one {@code .keras} archive entry. */
  public LoadOptions withMaxZipEntryBytes(long maxZipEntryBytes) {
    positive("maxZipEntryBytes", maxZipEntryBytes);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /**
   * The same options with another limit on the uncompressed size of all entries of a {@code .keras}
   * archive together (entries the loader skips are inflated to be skipped, so they count).
   */
  public LoadOptions withMaxZipTotalBytes(long maxZipTotalBytes) {
    positive("maxZipTotalBytes", maxZipTotalBytes);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /** The same options with another limit on the elements of one weight array. */
  public LoadOptions withMaxWeightElements(long maxWeightElements) {
    positive("maxWeightElements", maxWeightElements);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /** The same options with another limit on the elements of all weight arrays of a model together. */
  public LoadOptions withMaxTotalWeightElements(long maxTotalWeightElements) {
    positive("maxTotalWeightElements", maxTotalWeightElements);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  /** The same options with another limit on the nesting depth of the JSON config. */
  public LoadOptions withMaxJsonDepth(int maxJsonDepth) {
    positive("maxJsonDepth", maxJsonDepth);
    return new LoadOptions(customObjects, maxBytes, maxZipEntries, maxZipEntryBytes, maxZipTotalBytes,
        maxWeightElements, maxTotalWeightElements, maxJsonDepth);
  }

  private static void positive(String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + v);
    }
  }

  /** The custom-object registry. */
  public CustomObjects customObjects() {
    return customObjects;
  }

  /** The largest file or stream read into memory. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The most entries a {@code .keras} archive may have. */
  public int maxZipEntries() {
    return maxZipEntries;
  }

  /** The largest uncompressed size of one {@code .keras} archive entry. */
  public long maxZipEntryBytes() {
    return maxZipEntryBytes;
  }

  /** The largest uncompressed size of all entries of a {@code .keras} archive together. */
  public long maxZipTotalBytes() {
    return maxZipTotalBytes;
  }

  /** The most elements one weight array may have. */
  public long maxWeightElements() {
    return maxWeightElements;
  }

  /** The most elements all weight arrays of one model may have together. */
  public long maxTotalWeightElements() {
    return maxTotalWeightElements;
  }

  /** The deepest nesting of arrays and objects accepted in a JSON config. */
  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  @Override
  public String toString() {
    return "LoadOptions[maxBytes=" + maxBytes + ", maxZipEntries=" + maxZipEntries + ", maxZipEntryBytes="
        + maxZipEntryBytes + ", maxZipTotalBytes=" + maxZipTotalBytes + ", maxWeightElements=" + maxWeightElements
        + ", maxTotalWeightElements=" + maxTotalWeightElements + ", maxJsonDepth=" + maxJsonDepth + "]";
  }
}
