package io.kerasj.loader;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FloatingPoint;
import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
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
      f = HdfFile.fromBytes(src.bytes());
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(src.label() + ": not a readable HDF5 file (" + describe(e) + ")", e);
    }
    // A file cut short may still open, and even load when only its tail was lost; the superblock
    // records the file's length, so a short file is refused rather than half-read.
    long expected;
    try {
      Superblock sb = f.getHdfBackingStorage().getSuperblock();
      expected = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
    } catch (RuntimeException | StackOverflowError e) {
      f.close();
      throw new ModelFormatException(src.label() + ": not a readable HDF5 file (" + describe(e) + ")", e);
    }
    if (src.bytes().length < expected) {
      f.close();
      throw new ModelFormatException(src.label() + ": truncated HDF5 file: " + src.bytes().length
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

  /** Follows a '/'-separated path below {@code group}; {@code null} if any part is missing. */
  static Node path(String label, Group group, String path) {
    Node n = group;
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
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
   * Reads a float dataset, checking its shape against {@code expected} (-1 = any) before the data
   * is read.
   */
  static float[] readFloats(String label, Dataset ds, String what) {
    try {
      if (!(ds.getDataType() instanceof FloatingPoint)) {
        throw new UnsupportedFeatureException(label + ": " + what + " at " + Messages.quote(ds.getPath())
            + " has HDF5 type " + ds.getDataType().getClass().getSimpleName() + " (" + ds.getJavaType().getSimpleName()
            + "); kerasj reads floating-point weights only");
      }
      if (ds.isScalar()) {
        Object d = ds.getData();
        return new float[] {((Number) d).floatValue()};
      }
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
      throw new UnsupportedFeatureException(label + ": " + what + " at " + Messages.quote(ds.getPath())
          + " has element type " + flat.getClass().getComponentType() + "; kerasj reads float weights only");
    } catch (KerasjException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read " + what + " at " + Messages.quote(ds.getPath()) + " ("
          + describe(e) + ")", e);
    }
  }

  static int[] dims(String label, Dataset ds) {
    try {
      return ds.isScalar() ? new int[0] : ds.getDimensions();
    } catch (ArithmeticException e) {
      throw new ModelFormatException(label + ": dataset " + Messages.quote(ds.getPath()) + " declares a dimension "
          + "larger than " + Integer.MAX_VALUE + ", more than kerasj can hold", e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModelFormatException(label + ": cannot read the shape of " + Messages.quote(ds.getPath()) + " ("
          + describe(e) + ")", e);
    }
  }

  /** What a library's exception found wrong, in kerasj's words ({@link Failures#explain}). */
  static String describe(Throwable e) {
    return Failures.explain(e);
  }
}
