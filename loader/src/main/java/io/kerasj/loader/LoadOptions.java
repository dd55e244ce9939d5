package io.kerasj.loader;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options for {@link KerasModels#load}: the custom-object registry, the resource limits that
 * bound what an untrusted file can make the loader do, and an optional test-vector check.
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
  /**
   * 2 GiB: the ceiling of the default limit on a file, stream or archive entry read into memory. The
   * default itself is the smaller of this and a quarter of the heap ({@code Runtime.maxMemory()}),
   * so that a file or entry the default refuses is refused by kerasj and never by the JVM.
   */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;
  /** Entries in a {@code .keras} archive (Keras writes three). */
  public static final int DEFAULT_MAX_ZIP_ENTRIES = 1_000;
  /**
   * 4 GiB: the ceiling of the default limit on the uncompressed bytes of all entries of a
   * {@code .keras} archive that are read or checked together; the default is the smaller of this
   * and half the heap.
   */
  public static final long DEFAULT_MAX_ZIP_TOTAL_BYTES = 4L << 30;
  /**
   * 8 MiB: the ceiling of the default limit on a JSON config ({@code config.json},
   * {@code metadata.json}, a {@code to_json()} file, an HDF5 {@code model_config}); the default is
   * the smaller of this and 1/128 of the heap, because the parsed tree of hostile JSON can take up
   * to about 50 bytes of heap per byte of text. Keras' largest application models have configs of
   * about 1 MB.
   */
  public static final long DEFAULT_MAX_CONFIG_BYTES = 8L << 20;
  /** Elements of one weight array: 2^28 floats, 1 GiB. */
  public static final long DEFAULT_MAX_WEIGHT_ELEMENTS = 1L << 28;
  /** Elements of all weights of one model together: 2^29 floats, 2 GiB. */
  public static final long DEFAULT_MAX_TOTAL_WEIGHT_ELEMENTS = 1L << 29;
  /** Nesting depth of the JSON config; Gson's own default, far above any Keras config (about 10). */
  public static final int DEFAULT_MAX_JSON_DEPTH = 255;

  private static final LoadOptions DEFAULTS = new LoadOptions(new Values());

  /** {@code ceiling}, or {@code 1/divisor} of the heap when that is smaller. */
  static long heapFit(long ceiling, int divisor) {
    return Math.max(1, Math.min(ceiling, Runtime.getRuntime().maxMemory() / divisor));
  }

  /** The settings, copied whole by each {@code with*} method so that instances stay immutable. */
  private static final class Values implements Cloneable {
    // null: CustomObjects.installed(), looked up at the first load rather than when this class
    // initializes, so that a broken plugin fails a load with its name, not the class.
    CustomObjects customObjects;
    long maxBytes = heapFit(DEFAULT_MAX_BYTES, 4);
    int maxZipEntries = DEFAULT_MAX_ZIP_ENTRIES;
    long maxZipEntryBytes = heapFit(DEFAULT_MAX_BYTES, 4);
    long maxZipTotalBytes = heapFit(DEFAULT_MAX_ZIP_TOTAL_BYTES, 2);
    long maxConfigBytes = heapFit(DEFAULT_MAX_CONFIG_BYTES, 128);
    // Whether the three byte limits above are still their defaults, cut to a fraction of the heap:
    // a mapped file does not take the heap, so for it the defaults' ceilings apply (issue 12).
    boolean bytesFromHeap = true;
    boolean zipEntryBytesFromHeap = true;
    boolean zipTotalBytesFromHeap = true;
    long maxWeightElements = DEFAULT_MAX_WEIGHT_ELEMENTS;
    long maxTotalWeightElements = DEFAULT_MAX_TOTAL_WEIGHT_ELEMENTS;
    int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
    Path testVector;
    boolean sidecarTestVector;
    double testVectorAtol = TestVector.DEFAULT_ATOL;
    double testVectorRtol = TestVector.DEFAULT_RTOL;

    @Override
    protected Values clone() {
      try {
        return (Values) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private final Values v;

  private LoadOptions(Values v) {
    this.v = v;
  }

  private Values copy() {
    return v.clone();
  }

  /**
   * Built-in layers, {@code LNSimpleRNNCell} and the installed plugins ({@link
   * CustomObjects#installed()}); files and archive entries up to 2 GiB or a quarter of the heap (a
   * file read from a path, which is mapped rather than read into the heap, up to 2 GiB), at most
   * 1,000 archive entries and 4 GiB or half the heap (4 GiB for a mapped file) inflated in all, JSON configs up to 8 MiB
   * or 1/128 of the heap and nested at most 255 deep, weights up to 2^28 elements each and 2^29 in
   * all; no test-vector check.
   */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** The same options with another custom-object registry. */
  public LoadOptions withCustomObjects(CustomObjects customObjects) {
    Values c = copy();
    c.customObjects = Objects.requireNonNull(customObjects, "customObjects");
    return new LoadOptions(c);
  }

  /**
   * The same options with another limit on the bytes of a file or stream read into memory. For
   * compatibility this also lowers the per-entry limit of {@code .keras} archives
   * ({@link #withMaxZipEntryBytes}) when that is larger.
   */
  public LoadOptions withMaxBytes(long maxBytes) {
    positive("maxBytes", maxBytes);
    Values c = copy();
    c.maxBytes = maxBytes;
    c.bytesFromHeap = false;
    c.maxZipEntryBytes = Math.min(c.maxZipEntryBytes, maxBytes);
    return new LoadOptions(c);
  }

  /** The same options with another limit on the number of entries of a {@code .keras} archive. */
  public LoadOptions withMaxZipEntries(int maxZipEntries) {
    positive("maxZipEntries", maxZipEntries);
    Values c = copy();
    c.maxZipEntries = maxZipEntries;
    return new LoadOptions(c);
  }

  /** The same options with another limit on the uncompressed size of one {@code .keras} archive entry. */
  public LoadOptions withMaxZipEntryBytes(long maxZipEntryBytes) {
    positive("maxZipEntryBytes", maxZipEntryBytes);
    Values c = copy();
    c.maxZipEntryBytes = maxZipEntryBytes;
    c.zipEntryBytesFromHeap = false;
    return new LoadOptions(c);
  }

  /**
   * The same options with another limit on the uncompressed size of all entries of a {@code .keras}
   * archive read or checked together (Keras checks every entry of an archive holding more than its
   * three files, so kerasj inflates those too, without keeping them).
   */
  public LoadOptions withMaxZipTotalBytes(long maxZipTotalBytes) {
    positive("maxZipTotalBytes", maxZipTotalBytes);
    Values c = copy();
    c.maxZipTotalBytes = maxZipTotalBytes;
    c.zipTotalBytesFromHeap = false;
    return new LoadOptions(c);
  }

  /**
   * The same options with another limit on the bytes of a JSON config: {@code config.json} and
   * {@code metadata.json} in a {@code .keras} archive, a {@code to_json()} file, or the
   * {@code model_config} of an HDF5 file.
   */
  public LoadOptions withMaxConfigBytes(long maxConfigBytes) {
    positive("maxConfigBytes", maxConfigBytes);
    Values c = copy();
    c.maxConfigBytes = maxConfigBytes;
    return new LoadOptions(c);
  }

  /** The same options with another limit on the elements of one weight array. */
  public LoadOptions withMaxWeightElements(long maxWeightElements) {
    positive("maxWeightElements", maxWeightElements);
    Values c = copy();
    c.maxWeightElements = maxWeightElements;
    return new LoadOptions(c);
  }

  /** The same options with another limit on the elements of all weight arrays of a model together. */
  public LoadOptions withMaxTotalWeightElements(long maxTotalWeightElements) {
    positive("maxTotalWeightElements", maxTotalWeightElements);
    Values c = copy();
    c.maxTotalWeightElements = maxTotalWeightElements;
    return new LoadOptions(c);
  }

  /** The same options with another limit on the nesting depth of the JSON config. */
  public LoadOptions withMaxJsonDepth(int maxJsonDepth) {
    positive("maxJsonDepth", maxJsonDepth);
    Values c = copy();
    c.maxJsonDepth = maxJsonDepth;
    return new LoadOptions(c);
  }

  /**
   * The same options, and the load runs the model on the test vector {@code vector} (see
   * {@link TestVector}) and refuses it with {@link VerificationException} when an output is out of
   * tolerance ({@link TestVector#DEFAULT_ATOL}, {@link TestVector#DEFAULT_RTOL} unless
   * {@link #withTestVectorTolerance} says otherwise). Applies to every load, from a file, bytes
   * or a stream.
   */
  public LoadOptions withTestVector(Path vector) {
    Values c = copy();
    c.testVector = Objects.requireNonNull(vector, "vector");
    c.sidecarTestVector = false;
    return new LoadOptions(c);
  }

  /**
   * The same options, and a load from a file checks the model against its sidecar test vector,
   * {@code <model file>.vectors.npz} in the same directory ({@link TestVector#sidecarOf}), refusing
   * the model when it is missing or does not match. Loads from bytes or streams have no file to
   * find a sidecar next to, and are refused.
   */
  public LoadOptions withSidecarTestVector() {
    Values c = copy();
    c.testVector = null;
    c.sidecarTestVector = true;
    return new LoadOptions(c);
  }

  /** The same options with the tolerances of the load-time test-vector check. */
  public LoadOptions withTestVectorTolerance(double atol, double rtol) {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative, got atol " + atol + ", rtol " + rtol);
    }
    Values c = copy();
    c.testVectorAtol = atol;
    c.testVectorRtol = rtol;
    return new LoadOptions(c);
  }

  private static void positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  /**
   * The custom-object registry: the one given to {@link #withCustomObjects}, else {@link
   * CustomObjects#installed()} (the defaults plus the plugins on kerasj's class path).
   *
   * @throws io.kerasj.loader.spi.PluginException if no registry was given and a plugin cannot be used
   */
  public CustomObjects customObjects() {
    return v.customObjects != null ? v.customObjects : CustomObjects.installed();
  }

  /** The largest file or stream read into memory. */
  /**
   * {@link #maxBytes()} for a file that is mapped rather than read onto the heap ({@link Source}):
   * the default is its 2 GiB ceiling, not cut to a quarter of the heap, since the file takes none.
   */
  long maxMappedBytes() {
    return v.bytesFromHeap ? DEFAULT_MAX_BYTES : v.maxBytes;
  }

  /** {@link #maxZipEntryBytes()} for an archive that is mapped: an entry read from it is not kept on the heap. */
  long maxMappedZipEntryBytes() {
    return v.zipEntryBytesFromHeap ? Math.min(DEFAULT_MAX_BYTES, maxMappedBytes()) : v.maxZipEntryBytes;
  }

  /** {@link #maxZipTotalBytes()} for an archive that is mapped. */
  long maxMappedZipTotalBytes() {
    return v.zipTotalBytesFromHeap ? DEFAULT_MAX_ZIP_TOTAL_BYTES : v.maxZipTotalBytes;
  }

  public long maxBytes() {
    return v.maxBytes;
  }

  /** The most entries a {@code .keras} archive may have. */
  public int maxZipEntries() {
    return v.maxZipEntries;
  }

  /** The largest uncompressed size of one {@code .keras} archive entry. */
  public long maxZipEntryBytes() {
    return v.maxZipEntryBytes;
  }

  /** The largest uncompressed size of all entries of a {@code .keras} archive together. */
  public long maxZipTotalBytes() {
    return v.maxZipTotalBytes;
  }

  /** The largest JSON config, in bytes (characters for an HDF5 {@code model_config}). */
  public long maxConfigBytes() {
    return v.maxConfigBytes;
  }

  /** The most elements one weight array may have. */
  public long maxWeightElements() {
    return v.maxWeightElements;
  }

  /** The most elements all weight arrays of one model may have together. */
  public long maxTotalWeightElements() {
    return v.maxTotalWeightElements;
  }

  /** The deepest nesting of arrays and objects accepted in a JSON config. */
  public int maxJsonDepth() {
    return v.maxJsonDepth;
  }

  /** The test vector checked at load time, or {@code null}. */
  public Path testVector() {
    return v.testVector;
  }

  /** Whether a load from a file checks the model's sidecar test vector. */
  public boolean sidecarTestVector() {
    return v.sidecarTestVector;
  }

  /** The absolute tolerance of the load-time test-vector check. */
  public double testVectorAtol() {
    return v.testVectorAtol;
  }

  /** The relative tolerance of the load-time test-vector check. */
  public double testVectorRtol() {
    return v.testVectorRtol;
  }

  @Override
  public String toString() {
    return "LoadOptions[maxBytes=" + v.maxBytes + ", maxZipEntries=" + v.maxZipEntries + ", maxZipEntryBytes="
        + v.maxZipEntryBytes + ", maxZipTotalBytes=" + v.maxZipTotalBytes + ", maxConfigBytes=" + v.maxConfigBytes
        + ", maxWeightElements="
        + v.maxWeightElements + ", maxTotalWeightElements=" + v.maxTotalWeightElements + ", maxJsonDepth="
        + v.maxJsonDepth + (v.testVector != null ? ", testVector=" + v.testVector : "")
        + (v.sidecarTestVector ? ", sidecarTestVector" : "") + "]";
  }
}
