package io.kerasj.loader;

import io.jhdf.AbstractNode;
import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.btree.BTreeV1;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.DatasetInfo;
import io.jhdf.dataset.chunked.indexing.BTreeIndex;
import io.jhdf.dataset.chunked.indexing.ExtensibleArrayIndex;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndex;
import io.jhdf.dataset.chunked.indexing.ImplicitChunkIndex;
import io.jhdf.dataset.chunked.indexing.SingleChunkIndex;
import io.jhdf.filter.LzfFilter;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.jhdf.storage.HdfBackingStorage;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a chunked floating-point HDF5 dataset the way libhdf5 (and so h5py and Keras) does, within
 * the loader's limits.
 *
 * <p>jhdf's own chunk reader is not used for the data: it inflates each chunk into a buffer that
 * grows until the stream ends (a 260 KB chunk can claim 256 MiB, or any amount), does not verify
 * fletcher32 checksums, ignores a chunk's filter mask, and leaves chunks that were never written at
 * zero where libhdf5 reads the dataset's fill value. jhdf still parses the file's structures (the
 * layout, the filter pipeline, the chunk index); this class does the rest:
 *
 * <ul>
 *   <li>the elements the chunk grid covers (the dataset rounded up to whole chunks) are checked
 *       against the per-weight element limit before any chunk is read, which bounds both the size
 *       of one decoded chunk and the inflating work of the whole dataset;
 *   <li>every filter stage writes at most one chunk's bytes, and the last stage streams into the
 *       result, so reading a weight allocates the result plus at most one chunk;
 *   <li>fletcher32 is verified as {@code H5Z__filter_fletcher32} verifies it;
 *   <li>a stream that inflates to more than the chunk is read as libhdf5 reads it (the chunk's
 *       bytes come first, the rest is not used) but never inflated beyond the chunk; one that
 *       inflates to less is refused (libhdf5 would read uninitialized memory).
 * </ul>
 */
final class HdfChunks {
  static final int DEFLATE = 1;
  static final int SHUFFLE = 2;
  static final int FLETCHER32 = 3;
  static final int LZF = 32000;
  private static final int BLOCK = 1 << 16;

  private final String where;
  private final int[] dims;
  private final int[] chunk;
  private final int elementSize;
  private final ByteOrder order;
  private final int chunkBytes;
  private final List<FilterInfo> filters;
  private final float[] out;
  private final Scatter scatter;
  private byte[] stage; // one chunk of scratch for an intermediate filter stage, reused across chunks

  private HdfChunks(String where, int[] dims, int[] chunk, FloatingPoint type, int chunkBytes, List<FilterInfo> filters,
      float[] out) {
    this.where = where;
    this.dims = dims;
    this.chunk = chunk;
    this.elementSize = type.getSize();
    this.order = type.getByteOrder();
    this.chunkBytes = chunkBytes;
    this.filters = filters;
    this.out = out;
    this.scatter = new Scatter();
  }

  /**
   * Reads {@code ds}, of shape {@code dims} (already checked against the limits), into a new array.
   *
   * @param where the message prefix naming the file, the layer, the weight and the dataset
   * @param maxElements the per-weight element limit the chunk grid must stay within
   */
  static float[] read(String where, ChunkedDataset ds, FloatingPoint type, int[] dims, long maxElements) {
    int rank = dims.length;
    int[] chunk = ds.getChunkDimensions();
    if (chunk.length != rank) {
      throw corrupt(where, "its chunk shape " + Arrays.toString(chunk) + " does not have the dataset's rank " + rank);
    }
    long chunkElements = 1;
    long gridElements = 1;
    for (int i = 0; i < rank; i++) {
      if (chunk[i] < 1) {
        throw corrupt(where, "its chunk shape " + Arrays.toString(chunk) + " has a size below 1");
      }
      long cells = dims[i] == 0 ? 0 : (dims[i] - 1L) / chunk[i] + 1;
      chunkElements = Hdf.saturatingTimes(chunkElements, chunk[i]);
      gridElements = Hdf.saturatingTimes(gridElements, cells * chunk[i]);
    }
    long covered = Math.max(chunkElements, gridElements);
    if (covered > maxElements) {
      throw new ModelFormatException(where + ": stored in chunks of shape " + Arrays.toString(chunk)
          + ", which for its shape " + Arrays.toString(dims) + " decode to "
          + (covered == Long.MAX_VALUE ? "more than 2^63" : Long.toString(covered)) + " elements, more than the limit of "
          + maxElements + " elements per weight (LoadOptions.withMaxWeightElements); nothing was inflated");
    }
    long bytes = Hdf.saturatingTimes(chunkElements, type.getSize());
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(where + ": its chunks of shape " + Arrays.toString(chunk) + " hold " + bytes
          + " bytes each, more than a Java array holds");
    }
    ObjectHeader header = header(where, ds);
    List<FilterInfo> filters = header.hasMessageOfType(FilterPipelineMessage.class)
        ? header.getMessageOfType(FilterPipelineMessage.class).getFilters() : List.of();
    checkFilters(where, filters);
    float[] out = new float[(int) Hdf.elements(dims)]; // Hdf.readFloats checked that it fits
    float fill = fillValue(ds);
    if (Float.floatToRawIntBits(fill) != 0) {
      Arrays.fill(out, fill); // chunks never written read as the fill value, as in libhdf5
    }
    HdfChunks reader = new HdfChunks(where, dims, chunk, type, (int) bytes, filters, out);
    HdfBackingStorage storage = ds.getHdfFile().getHdfBackingStorage();
    reader.readAll(chunks(where, header, storage, dims, chunk, (int) bytes), storage);
    return out;
  }

  private static ObjectHeader header(String where, ChunkedDataset ds) {
    if (!(ds instanceof AbstractNode)) {
      throw new UnsupportedFeatureException(where + ": a chunked dataset kerasj cannot inspect ("
          + ds.getClass().getSimpleName() + ")");
    }
    return ((AbstractNode) ds).getHeader();
  }

  private static void checkFilters(String where, List<FilterInfo> filters) {
    if (filters.size() > 32) {
      throw corrupt(where, "its filter pipeline lists " + filters.size() + " filters (HDF5 allows 32)");
    }
    for (FilterInfo f : filters) {
      switch (f.getId()) {
        case DEFLATE:
        case FLETCHER32:
        case LZF:
          break;
        case SHUFFLE:
          if (f.getData().length != 1 || f.getData()[0] == 0) {
            throw corrupt(where, "its shuffle filter has the parameters " + Arrays.toString(f.getData())
                + " (libhdf5 requires one: the element size)");
          }
          break;
        default:
          throw new UnsupportedFeatureException(where + ": it is compressed with the HDF5 filter "
              + io.kerasj.Messages.quote(f.getName()) + " (id " + f.getId()
              + "), which kerasj does not read; it reads gzip (deflate), shuffle, fletcher32 "
              + "and lzf, the filters h5py offers without plugins");
      }
    }
  }

  private static float fillValue(ChunkedDataset ds) {
    Object v = ds.getFillValue();
    return v instanceof Number ? ((Number) v).floatValue() : 0f;
  }

  /** The dataset's chunks as its index lists them (jhdf parses the index, as its own reader would). */
  private static Collection<Chunk> chunks(String where, ObjectHeader header, HdfBackingStorage storage, int[] dims,
      int[] chunk, int chunkBytes) {
    if (header.hasMessageOfType(ChunkedDataLayoutMessageV4.class)) {
      ChunkedDataLayoutMessageV4 m = header.getMessageOfType(ChunkedDataLayoutMessageV4.class);
      if (m.getAddress() == Constants.UNDEFINED_ADDRESS) {
        return List.of();
      }
      DatasetInfo info = new DatasetInfo(chunkBytes, Arrays.stream(dims).asLongStream().toArray(), chunk);
      switch (m.getIndexingType()) {
        case ChunkedDataLayoutMessageV4.SINGLE_CHUNK_INDEX:
          return new SingleChunkIndex(m, info).getAllChunks();
        case ChunkedDataLayoutMessageV4.IMPLICIT_INDEX:
          return new ImplicitChunkIndex(m.getAddress(), info).getAllChunks();
        case ChunkedDataLayoutMessageV4.FIXED_ARRAY_INDEX:
          return new FixedArrayIndex(storage, m.getAddress(), info).getAllChunks();
        case ChunkedDataLayoutMessageV4.EXTENSIBLE_ARRAY_INDEX:
          return new ExtensibleArrayIndex(storage, m.getAddress(), info).getAllChunks();
        case ChunkedDataLayoutMessageV4.B_TREE_V2_INDEX:
          return new BTreeIndex(storage, m.getAddress(), info).getAllChunks();
        default:
          throw corrupt(where, "its chunk index has the unknown type " + m.getIndexingType());
      }
    }
    if (!header.hasMessageOfType(ChunkedDataLayoutMessage.class)) {
      throw corrupt(where, "it is chunked but has no chunked layout message");
    }
    ChunkedDataLayoutMessage m = header.getMessageOfType(ChunkedDataLayoutMessage.class);
    if (m.getBTreeAddress() == Constants.UNDEFINED_ADDRESS) {
      return List.of();
    }
    return BTreeV1.createDataBTree(storage, m.getBTreeAddress(), dims.length).getChunks();
  }

  private void readAll(Collection<Chunk> chunks, HdfBackingStorage storage) {
    int rank = dims.length;
    long[] cells = new long[rank];
    for (int i = 0; i < rank; i++) {
      cells[i] = dims[i] == 0 ? 0 : (dims[i] - 1L) / chunk[i] + 1;
    }
    Set<Long> seen = new HashSet<>();
    for (Chunk c : chunks) {
      long[] off = c.getChunkOffset();
      if (c.getAddress() == Constants.UNDEFINED_ADDRESS) {
        continue; // never written: the fill value stays
      }
      if (off.length != rank) {
        throw corrupt(where, "a chunk has the offset " + Arrays.toString(off) + " of another rank");
      }
      long cell = 0;
      boolean onGrid = true;
      for (int i = 0; i < rank; i++) {
        onGrid &= off[i] >= 0 && off[i] < dims[i] && off[i] % chunk[i] == 0;
        cell = cell * cells[i] + (onGrid ? off[i] / chunk[i] : 0);
      }
      if (!onGrid) {
        continue; // libhdf5 looks chunks up by grid position, so it never reads this one
      }
      if (!seen.add(cell)) {
        throw corrupt(where, "its chunk index lists the chunk at " + Arrays.toString(off) + " twice");
      }
      decode(c, off, storage);
    }
  }

  /** The position of the first filter that applies to a chunk, or -1 (its mask skips them all). */
  private int firstApplied(BitSet mask) {
    for (int i = 0; i < filters.size(); i++) {
      if (!mask.get(i)) {
        return i;
      }
    }
    return -1;
  }

  private void decode(Chunk c, long[] off, HdfBackingStorage storage) {
    String at = "the chunk at " + Arrays.toString(off);
    BitSet mask = c.getFilterMask() == null ? new BitSet() : c.getFilterMask();
    int first = firstApplied(mask);
    // An unfiltered chunk is read at its full size, as libhdf5 reads it, whatever size the index says.
    long length = first < 0 ? chunkBytes : c.getSize() & 0xffffffffL;
    long start = storage.getSuperblock().getBaseAddressByte() + c.getAddress();
    if (c.getAddress() < 0 || start > storage.size() || length > storage.size() - start) {
      throw corrupt(where, at + " lies beyond the end of the file (" + length + " bytes at " + c.getAddress()
          + "; the file has " + storage.size() + ")");
    }
    ByteBuffer data = storage.map(c.getAddress(), length);
    scatter.begin(off, at);
    // Filters are undone in the reverse of the order they were applied in.
    for (int i = filters.size() - 1; i >= 0; i--) {
      if (mask.get(i)) {
        continue;
      }
      FilterInfo f = filters.get(i);
      boolean last = i == first;
      switch (f.getId()) {
        case FLETCHER32:
          data = fletcher32(data, at);
          break;
        case DEFLATE:
          if (last) {
            inflate(data, null, at);
            scatter.end();
            return;
          }
          data = inflate(data, stage(), at);
          break;
        case SHUFFLE:
          if (last) {
            unshuffle(data, f.getData()[0], null);
            scatter.end();
            return;
          }
          data = unshuffle(data, f.getData()[0], stage());
          break;
        default: // LZF, the only other filter checkFilters lets through
          data = lzf(data, f.getData(), at);
          break;
      }
    }
    scatter.accept(data);
    scatter.end();
  }

  private byte[] stage() {
    if (stage == null) {
      stage = new byte[chunkBytes];
    }
    return stage;
  }

  // ---- filters -----------------------------------------------------------------------------

  /** Checks and strips the 4-byte checksum that follows the data, as H5Z__filter_fletcher32 does. */
  private ByteBuffer fletcher32(ByteBuffer data, String at) {
    int n = data.remaining();
    if (n < 4) {
      throw corrupt(where, at + " has " + n + " bytes, too few to hold its fletcher32 checksum");
    }
    int p = data.position();
    int stored = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(p + n - 4);
    int sum = fletcher32(data, p, n - 4);
    // libhdf5 also accepts the byte-swapped sum that versions before 1.6.3 wrote on little-endian machines.
    int swapped = ((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff);
    if (stored != sum && stored != swapped) {
      throw new ModelFormatException(where + ": " + at + " fails its fletcher32 checksum (stored 0x"
          + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(sum) + "): the weight data is corrupt "
          + "(libhdf5, and so h5py and Keras, refuse it too)");
    }
    ByteBuffer r = data.duplicate();
    r.limit(p + n - 4);
    return r.slice();
  }

  /**
   * libhdf5's {@code H5_checksum_fletcher32}: sums of big-endian 16-bit words, folded every 360
   * words, an odd last byte taken as the high byte of a word. {@code int} arithmetic wraps as C's
   * {@code uint32_t} does; {@code >>>} keeps the shifts unsigned.
   */
  static int fletcher32(ByteBuffer b, int from, int len) {
    int sum1 = 0;
    int sum2 = 0;
    int i = from;
    int words = len / 2;
    while (words > 0) {
      int t = Math.min(words, 360);
      words -= t;
      for (; t > 0; t--) {
        sum1 += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        sum2 += sum1;
        i += 2;
      }
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    if ((len & 1) != 0) {
      sum1 += (b.get(i) & 0xff) << 8;
      sum2 += sum1;
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (sum2 << 16) | sum1;
  }

  /**
   * Inflates a zlib stream into {@code into} (an intermediate stage: at most one chunk, more is
   * refused) or, when {@code into} is null, straight into the result (the chunk's bytes; a longer
   * stream's tail is not inflated).
   */
  private ByteBuffer inflate(ByteBuffer in, byte[] into, String at) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(in);
      byte[] buf = into != null ? into : new byte[Math.min(BLOCK, chunkBytes)];
      int n = 0;
      while (n < chunkBytes) {
        int want = into != null ? chunkBytes - n : Math.min(buf.length, chunkBytes - n);
        int k = inf.inflate(buf, into != null ? n : 0, want);
        if (k == 0) {
          if (inf.finished()) {
            break;
          }
          if (inf.needsInput() || inf.needsDictionary()) {
            throw corrupt(where, at + ": its deflate stream ends early (truncated or corrupt)");
          }
        }
        if (into == null) {
          scatter.accept(ByteBuffer.wrap(buf, 0, k));
        }
        n += k;
      }
      if (n == chunkBytes && !inf.finished()) {
        int more = inf.inflate(new byte[1]);
        if (more == 0 && !inf.finished() && inf.needsInput()) {
          throw corrupt(where, at + ": its deflate stream ends early (truncated or corrupt)");
        }
        if (more > 0 && into != null) {
          throw corrupt(where, at + ": its deflate stream inflates to more than the chunk's " + chunkBytes + " bytes");
        }
      }
      return into == null ? null : ByteBuffer.wrap(into, 0, n);
    } catch (DataFormatException e) {
      ModelFormatException m = corrupt(where, at + ": its deflate data cannot be inflated");
      m.initCause(e);
      throw m;
    } finally {
      inf.end();
    }
  }

  /**
   * Undoes the shuffle filter ({@code H5Z__filter_shuffle}): byte {@code b} of every element was
   * stored in plane {@code b}; a remainder shorter than an element is kept as is. Writes into
   * {@code into}, or streams into the result when it is null.
   */
  private ByteBuffer unshuffle(ByteBuffer in, int typeSize, byte[] into) {
    int n = in.remaining();
    if (into != null && n > into.length) {
      throw corrupt(where, "a shuffled stage holds " + n + " bytes, more than the chunk's " + chunkBytes);
    }
    long size = typeSize & 0xffffffffL; // an unsigned parameter in the file
    int elements = (int) (n / size);
    if (size <= 1 || elements <= 1) { // libhdf5 leaves these as they are
      if (into == null) {
        scatter.accept(in);
        return null;
      }
      in.duplicate().get(into, 0, n);
      return ByteBuffer.wrap(into, 0, n);
    }
    byte[] src;
    int p;
    if (in.hasArray()) {
      src = in.array();
      p = in.arrayOffset() + in.position();
    } else { // a read-only view of the file
      src = new byte[n];
      in.duplicate().get(src);
      p = 0;
    }
    int whole = elements * typeSize;
    byte[] buf = into != null ? into : new byte[Math.max(typeSize, Math.min(whole, BLOCK) / typeSize * typeSize)];
    for (int e = 0; e < elements; ) {
      int count = into != null ? elements : Math.min(elements - e, buf.length / typeSize);
      for (int b = 0; b < typeSize; b++) {
        int from = p + b * elements + e;
        for (int k = 0; k < count; k++) {
          buf[k * typeSize + b] = src[from + k];
        }
      }
      e += count;
      if (into == null) {
        scatter.accept(ByteBuffer.wrap(buf, 0, count * typeSize));
        if (scatter.full()) {
          return null;
        }
      }
    }
    if (into == null) {
      scatter.accept(ByteBuffer.wrap(src, p + whole, n - whole));
      return null;
    }
    System.arraycopy(src, p + whole, into, whole, n - whole);
    return ByteBuffer.wrap(into, 0, n);
  }

  /** LZF through jhdf's decoder, which allocates the size the filter's parameters give: checked first. */
  private ByteBuffer lzf(ByteBuffer in, int[] params, String at) {
    if (params.length < 3 || params[2] < 0 || params[2] > chunkBytes) {
      throw corrupt(where, at + ": its lzf parameters " + Arrays.toString(params) + " do not give a size within the "
          + "chunk's " + chunkBytes + " bytes");
    }
    byte[] encoded = new byte[in.remaining()];
    in.duplicate().get(encoded);
    try {
      return ByteBuffer.wrap(new LzfFilter().decode(encoded, params));
    } catch (RuntimeException e) {
      throw corrupt(where, at + ": its lzf data is corrupt");
    }
  }

  private static ModelFormatException corrupt(String where, String what) {
    return new ModelFormatException(where + ": " + what + " (corrupt HDF5 dataset)");
  }

  /**
   * Puts a chunk's decoded bytes, arriving in pieces, where they belong in the result: chunk rows
   * (runs along the last axis) map to runs of the result, and the parts of an edge chunk outside
   * the dataset are dropped.
   */
  private final class Scatter {
    private final byte[] carry = new byte[8];
    private final int[] local = new int[dims.length]; // the current row's position in the chunk
    private final int rowLength = chunk[chunk.length - 1];
    private long[] off;
    private String at;
    private int received;
    private int carried;
    private int column;
    private int rowStart;
    private int rowUsed;

    void begin(long[] chunkOffset, String chunkName) {
      off = chunkOffset;
      at = chunkName;
      received = 0;
      carried = 0;
      column = 0;
      Arrays.fill(local, 0);
      startRow();
    }

    boolean full() {
      return received == chunkBytes;
    }

    /** Takes the bytes of {@code b} up to the chunk's size; more is ignored, as libhdf5 ignores it. */
    void accept(ByteBuffer b) {
      ByteBuffer in = b.duplicate().order(order);
      int take = Math.min(in.remaining(), chunkBytes - received);
      in.limit(in.position() + take);
      received += take;
      if (carried > 0) {
        int k = Math.min(elementSize - carried, in.remaining());
        in.get(carry, carried, k);
        carried += k;
        if (carried < elementSize) {
          return;
        }
        ByteBuffer one = ByteBuffer.wrap(carry).order(order);
        convert(one, rowStart + column, column < rowUsed ? 1 : 0);
        advance(1);
        carried = 0;
      }
      // Whole elements, a run of one row at a time: the used part converted in bulk, the part
      // outside the dataset (an edge chunk's padding) skipped without decoding.
      while (in.remaining() >= elementSize) {
        int n = Math.min(in.remaining() / elementSize, rowLength - column);
        int used = Math.max(0, Math.min(rowUsed, column + n) - column);
        convert(in, rowStart + column, used);
        in.position(in.position() + (n - used) * elementSize);
        advance(n);
      }
      carried = in.remaining();
      in.get(carry, 0, carried);
    }

    void end() {
      if (received < chunkBytes) {
        throw corrupt(where, at + " decodes to " + received + " bytes, less than the chunk's " + chunkBytes);
      }
    }

    /** Reads {@code n} elements of {@code in} into {@code out[to…]}, widening or narrowing to float. */
    private void convert(ByteBuffer in, int to, int n) {
      switch (elementSize) {
        case 2:
          for (int i = 0; i < n; i++) {
            out[to + i] = FloatingPoint.toFloat(in.getShort());
          }
          break;
        case 4:
          in.asFloatBuffer().get(out, to, n);
          in.position(in.position() + 4 * n);
          break;
        default:
          for (int i = 0; i < n; i++) {
            out[to + i] = (float) in.getDouble();
          }
          break;
      }
    }

    private void advance(int n) {
      column += n;
      if (column == rowLength) {
        column = 0;
        for (int i = local.length - 2; i >= 0; i--) {
          if (++local[i] < chunk[i]) {
            break;
          }
          local[i] = 0;
        }
        startRow();
      }
    }

    private void startRow() {
      int last = dims.length - 1;
      long start = 0;
      boolean inside = true;
      for (int i = 0; i < last; i++) {
        long x = off[i] + local[i];
        inside &= x < dims[i];
        start = start * dims[i] + x;
      }
      start = start * dims[last] + off[last];
      rowUsed = inside ? (int) Math.min(rowLength, dims[last] - off[last]) : 0;
      rowStart = inside ? (int) start : 0;
    }
  }
}
