package io.kerasj.loader;

import io.jhdf.AbstractNode;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.storage.HdfBackingStorage;
import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import io.kerasj.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jhdf access in one place: every jhdf failure becomes a {@link ModelFormatException} naming the
 * file and the HDF5 path, and strings come back in one shape whatever h5py version wrote them.
 */
final class Hdf {
  /** Far above any Keras attribute (the longest is a list of layer or weight names). */
  static final long MAX_ATTRIBUTE_ELEMENTS = 1 << 20;

  private Hdf() {}

  static HdfFile open(Source src) {
    HdfFile f;
    try {
      // Over the source's own buffer, as fromBytes wraps an array: a mapped file is read in place,
      // never copied to the heap, and jhdf reads it exactly as it reads an array (HdfInMemoryByteBuffer).
      f = HdfFile.fromByteBuffer(src.buffer());
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(src.label() + ": not a readable HDF5 file (" + describe(e) + ")", e);
    }
    // A file cut short may still open, and even load when only its tail was lost; the superblock
    // records the file's length, so a short file is refused rather than half-read. The stored
    // end-of-file address is absolute, user block included (libhdf5's H5F__super_read compares it
    // with the file's size as is), while other addresses count from the superblock.
    long expected;
    try {
      Superblock sb = f.getHdfBackingStorage().getSuperblock();
      expected = sb.getEndOfFileAddress();
    } catch (RuntimeException | StackOverflowError e) {
      f.close();
      throw new ModelFormatException(src.label() + ": not a readable HDF5 file (" + describe(e) + ")", e);
    }
    if (src.size() < expected) {
      f.close();
      throw new ModelFormatException(src.label() + ": truncated HDF5 file: " + src.size()
          + " bytes, the superblock says " + expected);
    }
    return f;
  }

  /** A child node of {@code group} or {@code null}; never throws for a missing child. */
  static Node child(String label, Group group, String name) {
    try {
      return group.getChildren().get(name);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read HDF5 group " + Messages.quote(group.getPath()) + " ("
          + describe(e) + ")", e);
    }
  }

  /**
   * Resolves an HDF5 path as libhdf5 (and so h5py's {@code group[name]}) does: relative to
   * {@code group}, or to the file's root when it starts with '/'; empty and "." components are
   * skipped. Keras writes names such as {@code conv1/conv} (a tf-keras layer) or
   * {@code dense/kernel:0} (a weight) with {@code group.create_group(name)}, which nests them.
   * Returns {@code null} if any part is missing.
   */
  static Node path(String label, Group group, String path) {
    if (path.isEmpty()) {
      return null; // libhdf5 refuses an empty name
    }
    Node n = path.startsWith("/") ? group.getHdfFile() : group;
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!(n instanceof Group)) {
        return null;
      }
      n = child(label, (Group) n, part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** An attribute's value or {@code null}. */
  static Object attribute(String label, Node node, String name) {
    try {
      Attribute a = node.getAttribute(name);
      if (a == null) {
        return null;
      }
      // The declared size is checked before jhdf allocates the array: an attribute is stored in the
      // object header, so a legitimate one is never larger than the file.
      long n = a.getSize();
      if (n < 0 || n > MAX_ATTRIBUTE_ELEMENTS) {
        throw new ModelFormatException(label + ": attribute '" + name + "' of " + Messages.quote(node.getPath())
            + " declares " + n + " elements, more than " + MAX_ATTRIBUTE_ELEMENTS);
      }
      return a.getData();
    } catch (KerasjException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read attribute '" + name + "' of "
          + Messages.quote(node.getPath()) + " (" + describe(e) + ")", e);
    }
  }

  /** A scalar string attribute (fixed- or variable-length) or {@code null}. */
  static String stringAttribute(String label, Node node, String name) {
    Object v = attribute(label, node, name);
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof String[] && ((String[]) v).length == 1) {
      return ((String[]) v)[0];
    }
    throw new ModelFormatException(label + ": attribute '" + name + "' of " + Messages.quote(node.getPath())
        + " should be a string, got " + v.getClass().getSimpleName());
  }

  /**
   * A list-of-strings attribute as Keras writes it: a string array (variable- or fixed-length),
   * possibly chunked as {@code name0, name1, …}; an empty numeric array means an empty list.
   * Returns {@code null} if absent.
   */
  static List<String> stringList(String label, Node node, String name) {
    boolean present;
    try {
      present = node.getAttributes().containsKey(name);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read attributes of " + Messages.quote(node.getPath()) + " ("
          + describe(e) + ")", e);
    }
    if (present) {
      return toStrings(label, node, name, attribute(label, node, name));
    }
    List<String> out = null;
    for (int i = 0; ; i++) {
      String chunk = name + i;
      boolean has;
      try {
        has = node.getAttributes().containsKey(chunk);
      } catch (RuntimeException | StackOverflowError e) {
        throw new ModelFormatException(label + ": cannot read attributes of " + Messages.quote(node.getPath()) + " ("
            + describe(e) + ")", e);
      }
      if (!has) {
        return out;
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.addAll(toStrings(label, node, chunk, attribute(label, node, chunk)));
    }
  }

  private static List<String> toStrings(String label, Node node, String name, Object v) {
    if (v == null) {
      return List.of(); // jhdf returns null for the empty float64 array h5py writes for []
    }
    if (v instanceof String) {
      return List.of((String) v);
    }
    if (v instanceof String[]) {
      return Arrays.asList((String[]) v);
    }
    if (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0) {
      return List.of();
    }
    throw new ModelFormatException(label + ": attribute '" + name + "' of " + Messages.quote(node.getPath())
        + " should be a list of strings, got " + v.getClass().getSimpleName());
  }

  /**
   * Reads a floating-point dataset whose shape was already checked against the config and the
   * limits. Chunked datasets go through {@link HdfChunks} (bounded inflating, fletcher32, fill
   * values); a dataset never written reads as its fill value, as in libhdf5.
   *
   * @param maxElements the per-weight element limit, which also bounds a chunked dataset's chunks
   */
  static float[] readFloats(String label, Dataset ds, String what, long maxElements) {
    String where = label + ": " + what + " at " + Messages.quote(ds.getPath());
    try {
      if (!(ds.getDataType() instanceof FloatingPoint)) {
        throw new UnsupportedFeatureException(where + " has HDF5 type " + ds.getDataType().getClass().getSimpleName()
            + " (" + ds.getJavaType().getSimpleName() + "); kerasj reads floating-point weights only");
      }
      FloatingPoint type = (FloatingPoint) ds.getDataType();
      int size = type.getSize();
      if (size != 2 && size != 4 && size != 8) {
        throw new UnsupportedFeatureException(where + " holds " + size + "-byte floating-point numbers; kerasj reads "
            + "float16, float32 and float64 weights");
      }
      if (ds.isScalar()) {
        Object d = ds.getData();
        return new float[] {((Number) d).floatValue()};
      }
      int[] dims = dims(label, ds);
      long n = elements(dims);
      if (n > Integer.MAX_VALUE - 8) {
        // Only reachable with a per-weight limit raised beyond what a Java array holds.
        throw new ShapeMismatchException(where + " has shape " + java.util.Arrays.toString(dims) + ", " + n
            + " elements, more than a Java array holds");
      }
      if (ds instanceof ChunkedDataset) {
        return HdfChunks.read(where, (ChunkedDataset) ds, type, dims, maxElements);
      }
      if (ds.isEmpty()) {
        float[] f = new float[(int) n];
        Object fill = ds.getFillValue();
        java.util.Arrays.fill(f, fill instanceof Number ? ((Number) fill).floatValue() : 0f);
        return f;
      }
      checkContiguousInFile(where, ds, size * n);
      Object flat = ds.getDataFlat();
      if (flat instanceof float[]) {
        return (float[]) flat;
      }
      if (flat instanceof double[]) {
        double[] d = (double[]) flat;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = (float) d[i];
        }
        return f;
      }
      throw new UnsupportedFeatureException(where + " has element type " + flat.getClass().getComponentType()
          + "; kerasj reads float weights only");
    } catch (KerasjException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read " + what + " at " + Messages.quote(ds.getPath()) + " ("
          + describe(e) + ")", e);
    }
  }

  /** A contiguous dataset's data must lie inside the file, or jhdf fails with a bare buffer error. */
  private static void checkContiguousInFile(String where, Dataset ds, long bytes) {
    if (!(ds instanceof AbstractNode)) {
      return;
    }
    ObjectHeader h = ((AbstractNode) ds).getHeader();
    if (!h.hasMessageOfType(ContiguousDataLayoutMessage.class)) {
      return;
    }
    long address = h.getMessageOfType(ContiguousDataLayoutMessage.class).getAddress();
    HdfBackingStorage st = ds.getHdfFile().getHdfBackingStorage();
    long start = st.getSuperblock().getBaseAddressByte() + address;
    if (address < 0 || start > st.size() || bytes > st.size() - start) {
      throw new ModelFormatException(where + ": its " + bytes + " bytes of data at address " + address
          + " lie beyond the end of the file (" + st.size() + " bytes): the file is corrupt");
    }
  }

  /**
   * A dataset's shape. Dimensions beyond a Java int are refused here, by name: no weight can be
   * that large, and jhdf's int conversion would fail with a bare "integer overflow".
   */
  static int[] dims(String label, Dataset ds) {
    long[] d;
    try {
      d = ds.isScalar() ? new long[0] : ds.getDimensionsAsLong();
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read the shape of " + Messages.quote(ds.getPath()) + " ("
          + describe(e) + ")", e);
    }
    int[] r = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      if (d[i] < 0 || d[i] > Integer.MAX_VALUE) {
        throw new ShapeMismatchException(label + ": dataset " + Messages.quote(ds.getPath()) + " has shape "
            + java.util.Arrays.toString(d) + ", a dimension beyond 2^31 - 1 (no weight can be that large)");
      }
      r[i] = (int) d[i];
    }
    return r;
  }

  /** The elements of a dataset of shape {@code dims}, saturating at {@code Long.MAX_VALUE}. */
  static long elements(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n = saturatingTimes(n, d);
    }
    return n;
  }

  /** {@code a * b} for non-negative sizes, saturating at {@code Long.MAX_VALUE}: any such size is over every limit. */
  static long saturatingTimes(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /** What a library's exception found wrong, in kerasj's words ({@link Failures#explain}). */
  static String describe(Throwable e) {
    return Failures.explain(e);
  }
}
