package io.kerasj.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Zip archives written field by field for the tests, so that headers can lie, and deflate streams
 * of gigabytes made in milliseconds: one sync-flushed block that expands to 1 MiB of a repeated byte
 * is repeated, since every block after the first only refers back to bytes that are the same.
 */
final class TestZips {
  private TestZips() {}

  /** One entry: what is stored, and what the headers declare. */
  static final class Entry {
    final String name;
    final byte[] data;
    final int method;
    long crc;
    long usize;

    Entry(String name, byte[] data, int method, long crc, long usize) {
      this.name = name;
      this.data = data;
      this.method = method;
      this.crc = crc;
      this.usize = usize;
    }

    static Entry stored(String name, byte[] content) {
      return new Entry(name, content, 0, crc(content), content.length);
    }
  }

  static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  /** The entries of a committed {@code .keras} fixture, by name, in archive order. */
  static Map<String, byte[]> entries(byte[] archive) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        m.put(e.getName(), in.readAllBytes());
      }
    }
    return m;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = TestZips.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** The smallest committed Keras 3 archive (a Dense model), used as the base of the bombs. */
  static Map<String, byte[]> base() throws IOException {
    return entries(resource("KerasArchiveFuzzTestInputs/fuzz/seed_act_relu.keras"));
  }

  static byte[] zip(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] offsets = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      offsets[i] = out.size();
      byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
      ByteBuffer h = le(30).putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method)
          .putInt(0).putInt((int) e.crc).putInt(e.data.length).putInt((int) e.usize).putShort((short) name.length)
          .putShort((short) 0);
      out.writeBytes(h.array());
      out.writeBytes(name);
      out.writeBytes(e.data);
    }
    long cdStart = out.size();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
      ByteBuffer h = le(46).putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
          .putShort((short) e.method).putInt(0).putInt((int) e.crc).putInt(e.data.length).putInt((int) e.usize)
          .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putInt(0).putInt((int) offsets[i]);
      out.writeBytes(h.array());
      out.writeBytes(name);
    }
    long cdSize = out.size() - cdStart;
    ByteBuffer end = le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
        .putShort((short) entries.size()).putShort((short) entries.size()).putInt((int) cdSize).putInt((int) cdStart)
        .putShort((short) 0);
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * A raw deflate stream of {@code prefix} followed by {@code mib} MiB (at least 2) of {@code fill}
   * bytes; it takes about 1 KB per MiB.
   */
  static byte[] deflateBomb(byte[] prefix, byte fill, int mib) {
    Deflater d = new Deflater(9, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] block = new byte[1 << 20];
    Arrays.fill(block, fill);
    d.setInput(prefix);
    drain(d, out, Deflater.SYNC_FLUSH);
    d.setInput(block);
    drain(d, out, Deflater.SYNC_FLUSH);
    int start = out.size();
    d.setInput(block);
    drain(d, out, Deflater.SYNC_FLUSH);
    byte[] repeat = Arrays.copyOfRange(out.toByteArray(), start, out.size());
    for (int i = 2; i < mib; i++) {
      out.writeBytes(repeat);
    }
    d.finish();
    drain(d, out, Deflater.NO_FLUSH);
    d.end();
    return out.toByteArray();
  }

  private static void drain(Deflater d, ByteArrayOutputStream out, int flush) {
    byte[] buf = new byte[1 << 16];
    while (true) {
      int n = d.deflate(buf, 0, buf.length, flush);
      out.write(buf, 0, n);
      if (n < buf.length && (flush != Deflater.NO_FLUSH || d.finished())) {
        return;
      }
    }
  }
}
