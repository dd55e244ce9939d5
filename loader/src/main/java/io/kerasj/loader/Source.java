package io.kerasj.loader;

import io.kerasj.ModelFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of one input (file, array or stream) and the label messages call it by. */
final class Source {
  private final String label;
  private final byte[] bytes;

  private Source(String label, byte[] bytes) {
    this.label = label;
    this.bytes = bytes;
  }

  static Source of(String label, byte[] bytes) {
    if (bytes == null) {
      throw new ModelFormatException(label + ": no bytes (null)");
    }
    return new Source(label, bytes);
  }

  static Source of(Path path, LoadOptions options) throws IOException {
    if (path == null) {
      throw new ModelFormatException("model path is null");
    }
    long size = Files.size(path);
    if (size > options.maxBytes()) {
      throw new ModelFormatException(path + ": file has " + size + " bytes, more than the limit of "
          + options.maxBytes() + " (LoadOptions.withMaxBytes)");
    }
    return new Source(path.toString(), Files.readAllBytes(path));
  }

  static Source of(String label, InputStream in, LoadOptions options) throws IOException {
    if (in == null) {
      throw new ModelFormatException(label + ": stream is null");
    }
    return new Source(label, readBounded(label, in, options.maxBytes()));
  }

  static byte[] readBounded(String label, InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > max) {
        throw new ModelFormatException(label + ": more than the limit of " + max + " bytes (LoadOptions.withMaxBytes)");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  String label() {
    return label;
  }

  byte[] bytes() {
    return bytes;
  }

  Source withLabel(String newLabel) {
    return new Source(newLabel, bytes);
  }

  boolean isHdf5() {
    // The superblock may follow a user block of 512, 1024, 2048… bytes.
    for (int off = 0; off + 8 <= bytes.length; off = off == 0 ? 512 : off * 2) {
      if ((bytes[off] & 0xff) == 0x89 && bytes[off + 1] == 'H' && bytes[off + 2] == 'D' && bytes[off + 3] == 'F'
          && bytes[off + 4] == '\r' && bytes[off + 5] == '\n' && bytes[off + 6] == 0x1a && bytes[off + 7] == '\n') {
        return true;
      }
      if (off >= (1 << 20)) {
        break;
      }
    }
    return false;
  }

  boolean isZip() {
    return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
  }

  boolean isJson() {
    int i = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '{';
  }
}
