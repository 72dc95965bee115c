package dev.partita.io.parquet;

import dev.partita.io.CodeDictionary;
import dev.partita.io.DataException;
import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import dev.partita.io.Utf8Dictionary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the pages (v1 and v2) of one flat column chunk straight into Arrow buffers, as Spark's
 * and Iceberg's vectorized readers do on top of parquet-mr: definition levels a run at a time, and
 * each run of non-null values handed to the page's {@link PageValues} in one call (PLAIN,
 * dictionary indices, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
 * BYTE_STREAM_SPLIT, RLE booleans). parquet-mr still reads page headers and decompresses.
 *
 * <p>A string chunk with a dictionary can instead be read as codes ({@link #dictionary()}): the
 * indices are copied into a {@link DictionaryVector} as they are, and the values of other pages
 * (where the writer fell back from its dictionary mid-chunk) are appended to the batch's own
 * extension of the dictionary and coded past its end.
 */
final class VectorizedColumnReader implements ColumnChunkReader {

  private final ColumnDescriptor desc;
  private final PrimitiveType type;
  private final PageReader pages;
  private final ValueKind kind;
  private final int maxDef;
  private final Where where;
  private final Scratch scratch;
  private final Dictionary dict;
  /** The chunk's dictionary when this reader writes codes, else null. */
  private final CodeDictionary codes;
  /** The batch's non-dictionary values, entries {@code codes.size() + k} of its dictionary. */
  private byte[] extensionBytes = new byte[0];
  private int[] extensionEnds = new int[0];
  private int extensionSize;
  private CodeDictionary batchDictionary;

  private final RleBitPackedDecoder defs = new RleBitPackedDecoder();
  private final RleBitPackedDecoder ids = new RleBitPackedDecoder();
  /** A bit-packed run's definition levels, read for the rows of one request. */
  private int[] levelRun = new int[0];
  private int pageLeft;
  private PageValues values;
  /** During a read: the vector written, the rows kept (null: all), the next row of the vector. */
  private FieldVector target;
  private long[] keep;
  private int cursor;
  /** During {@link #stage}: where the rows' dictionary indices go. */
  private int[] staged;

  /**
   * @param scratch the column's heap arrays, kept by the caller from one row group to the next
   * @param wantsCodes whether to read the chunk as codes if it has a dictionary (the caller checked
   *     it is a string column, or an integer column whose every page is dictionary-encoded)
   */
  VectorizedColumnReader(ColumnDescriptor desc, PageReader pages, ValueKind kind, Where where,
      Scratch scratch, boolean wantsCodes) {
    this.desc = desc;
    this.type = desc.getPrimitiveType();
    this.pages = pages;
    this.kind = kind;
    this.maxDef = desc.getMaxDefinitionLevel();
    this.where = where;
    this.scratch = scratch;
    DictionaryPage dp = pages.readDictionaryPage();
    this.dict = dp == null ? null : decoding(() -> Dictionary.decode(dp, desc, kind));
    this.codes = !wantsCodes || dict == null ? null
        : kind == ValueKind.BYTES ? dict.strings() : dict.longs();
    this.batchDictionary = codes;
  }

  @Override
  public CodeDictionary dictionary() {
    return batchDictionary;
  }

  /** The chunk's decoded dictionary page, or null when it has none. */
  Dictionary dictionaryPage() {
    return dict;
  }

  /** True when every data encoding of the chunk is one this reader decodes for {@code kind}. */
  static boolean supports(Iterable<Encoding> chunkEncodings, ValueKind kind) {
    for (Encoding e : chunkEncodings) {
      switch (e) {
        case PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED, DELTA_BINARY_PACKED,
            DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY -> { }
        case BYTE_STREAM_SPLIT -> {
          if (kind.width == 0) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void read(FieldVector v, int n) {
    read(v, n, null);
  }

  /**
   * Reads the next {@code n} rows and writes those set in {@code keep} (every row when it is null)
   * into rows {@code [0, kept)} of {@code v}; the others are skipped without being converted. With
   * no row set, {@code v} may be null.
   */
  void read(FieldVector v, int n, long[] keep) {
    extensionSize = 0;
    target = v;
    this.keep = keep;
    cursor = 0;
    int done = 0;
    while (done < n) {
      if (pageLeft == 0) {
        nextPage();
      }
      int k = Math.min(pageLeft, n - done);
      int at = done;
      decoding(() -> {
        if (maxDef == 0) {
          dense(at, k);
        } else {
          readWithLevels(at, k);
        }
        return null;
      });
      pageLeft -= k;
      done += k;
    }
    target = null;
    if (codes != null) {
      batchDictionary = extensionSize == 0 ? codes : extended();
    }
  }

  /**
   * Reads the dictionary indices of the next {@code n} rows, -1 for a null, into {@code out[0, n)}
   * (at least {@code n} long), to be evaluated against a filter before the rows are written by
   * {@link #writeStaged}. Only for a chunk whose every page is dictionary-encoded.
   */
  void stage(int[] out, int n) {
    staged = out;
    read(null, n, null);
    staged = null;
  }

  /**
   * Writes the staged rows {@code ids[0, n)} set in {@code keep} (every row when it is null) into
   * rows {@code [0, kept)} of {@code v}, gathered from the dictionary.
   */
  void writeStaged(FieldVector v, int[] ids, int n, long[] keep, int kept) {
    int[] sel = scratch.ids(kept);
    if (keep == null) {
      System.arraycopy(ids, 0, sel, 0, n);
    } else {
      Rows.gather(keep, ids, sel);
    }
    ArrowBuf validity = v.getValidityBuffer();
    int nulls = 0;
    for (int k = 0; k < kept; k++) {
      nulls += sel[k] >>> 31;
    }
    if (nulls == 0) {
      dict.gather(v, 0, sel, kept, scratch);
      Validity.setRange(validity, 0, kept);
      return;
    }
    for (int k = 0; k < kept; k++) {
      if (sel[k] >= 0) {
        BitVectorHelper.setBit(validity, k);
      }
    }
    if (nulls == kept) {
      zeroNulls(v, 0, kept);
      return;
    }
    // a null row gathers entry 0 (there is one: some row is not null), zeroed after
    for (int k = 0; k < kept; k++) {
      sel[k] = Math.max(sel[k], 0);
    }
    dict.gather(v, 0, sel, kept, scratch);
    for (int k = 0; k < kept; k++) {
      if (BitVectorHelper.get(validity, k) == 0) {
        zeroNulls(v, k, 1);
      }
    }
  }

  /** Runs a decoding step, naming the file, row group and column of a value that does not fit. */
  private <T> T decoding(Supplier<T> step) {
    try {
      return step.get();
    } catch (ArithmeticException e) {
      throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
          e.getMessage(), "the value is wider than the column's declared precision; write it"
              + " with a wider DECIMAL");
    } catch (IllegalStateException | IndexOutOfBoundsException e) {
      throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
          "a page cannot be decoded: " + e.getMessage(), "the file is corrupt; write it again", e);
    }
  }

  /** The chunk's dictionary followed by this batch's non-dictionary values. */
  private Utf8Dictionary extended() {
    Utf8Dictionary codes = (Utf8Dictionary) this.codes;
    int base = codes.size();
    int baseEnd = codes.offsets()[base];
    byte[] bytes = Arrays.copyOf(codes.bytes(), baseEnd + extensionEnds[extensionSize - 1]);
    System.arraycopy(extensionBytes, 0, bytes, baseEnd, extensionEnds[extensionSize - 1]);
    int[] offsets = Arrays.copyOf(codes.offsets(), base + 1 + extensionSize);
    for (int k = 0; k < extensionSize; k++) {
      offsets[base + 1 + k] = baseEnd + extensionEnds[k];
    }
    return new Utf8Dictionary(bytes, offsets);
  }

  private void readWithLevels(int off, int k) {
    int i = 0;
    while (i < k) {
      if (defs.left == 0) {
        defs.nextRun();
      }
      int r = Math.min(defs.left, k - i);
      if (defs.rle) {
        if (defs.value == maxDef) {
          dense(off + i, r);
        } else {
          nulls(off + i, r);
        }
        defs.left -= r;
      } else {
        if (levelRun.length < r) {
          levelRun = new int[Math.max(r, 2 * levelRun.length)];
        }
        int[] lv = levelRun;
        defs.readInts(lv, 0, r);
        int j = 0;
        while (j < r) {
          int s = j;
          boolean present = lv[j] == maxDef;
          while (j < r && (lv[j] == maxDef) == present) {
            j++;
          }
          if (present) {
            dense(off + i + s, j - s);
          } else {
            nulls(off + i + s, j - s);
          }
        }
      }
      i += r;
    }
  }

  /** The non-null rows {@code [row, row + count)}: staged, read, read in part or skipped. */
  private void dense(int row, int count) {
    if (staged != null) {
      if (!(values instanceof DictionaryValues d)) {
        throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
            "the chunk's metadata says every page is dictionary-encoded, but one is not",
            "write the file again, or read it without a filter on this column");
      }
      d.readIds(staged, row, count);
      return;
    }
    if (keep == null) {
      readDense(target, cursor, count);
      Validity.setRange(target.getValidityBuffer(), cursor, count);
      cursor += count;
      return;
    }
    int kept = Rows.count(keep, row, row + count);
    if (kept == 0) {
      values.skip(count);
      return;
    }
    if (codes == null && values instanceof DictionaryValues d) {
      d.readKept(target, cursor, keep, row, count, kept);
      Validity.setRange(target.getValidityBuffer(), cursor, kept);
      cursor += kept;
      return;
    }
    int end = row + count;
    int at = row;
    while (at < end) {
      int from = Rows.nextSet(keep, at, end);
      if (from > at) {
        values.skip(from - at);
      }
      if (from == end) {
        break;
      }
      int to = Rows.nextClear(keep, from, end);
      readDense(target, cursor, to - from);
      Validity.setRange(target.getValidityBuffer(), cursor, to - from);
      cursor += to - from;
      at = to;
    }
  }

  /** The null rows {@code [row, row + count)}: their kept slots zeroed, their bits left clear. */
  private void nulls(int row, int count) {
    if (staged != null) {
      Arrays.fill(staged, row, row + count, -1);
      return;
    }
    int kept = keep == null ? count : Rows.count(keep, row, row + count);
    if (kept > 0) {
      zeroNulls(target, cursor, kept);
      cursor += kept;
    }
  }

  /**
   * Fixed-width batches are allocated without zeroing ({@link #fillsEverySlot}), so null slots
   * are zeroed here, as Arrow's {@code allocateNew} would have left them.
   */
  private void zeroNulls(FieldVector v, int dst, int count) {
    int width = codes != null ? 4 : kind.width;
    if (width > 0) {
      v.getDataBuffer().setZero((long) dst * width, (long) count * width);
    }
  }

  @Override
  public boolean fillsEverySlot() {
    return kind != ValueKind.BOOL;
  }

  /** Reads {@code count} non-null values into rows {@code [dst, dst + count)}. */
  private void readDense(FieldVector v, int dst, int count) {
    if (codes != null) {
      readCodes(v, dst, count);
    } else {
      values.read(v, dst, count);
    }
  }

  /**
   * Writes the codes of {@code count} values into a DictionaryVector: dictionary indices as they
   * are, other values as new entries of the batch's extension.
   */
  private void readCodes(FieldVector v, int dst, int count) {
    int[] idBuf = scratch.ids(count);
    if (values instanceof DictionaryValues d) {
      d.readIds(idBuf, 0, count);
    } else if (codes instanceof LongDictionary) {
      throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
          "the chunk's metadata says every page is dictionary-encoded, but one is not",
          "write the file again");
    } else {
      BinaryValues b = (BinaryValues) values;
      for (int i = 0; i < count; i++) {
        int len = b.next();
        appendExtension(b.bytes, b.start, len);
        idBuf[i] = codes.size() + extensionSize - 1;
      }
    }
    ArrowBufs.putInts(v.getDataBuffer(), dst, idBuf, count);
  }

  private void appendExtension(byte[] a, int off, int len) {
    int start = extensionSize == 0 ? 0 : extensionEnds[extensionSize - 1];
    if (extensionSize == extensionEnds.length) {
      extensionEnds = Arrays.copyOf(extensionEnds, Math.max(1024, extensionSize * 2));
    }
    if (start + len > extensionBytes.length) {
      extensionBytes = Arrays.copyOf(extensionBytes,
          (int) Math.max(start + len, Math.max(1 << 16, extensionBytes.length * 2L)));
    }
    System.arraycopy(a, off, extensionBytes, start, len);
    extensionEnds[extensionSize++] = start + len;
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
          "the column chunk has fewer values than the row group's row count",
          "the file is corrupt; write it again");
    }
    pageLeft = page.getValueCount();
    decoding(() -> {
      if (page instanceof DataPageV1 p1) {
        ByteBuffer bb = pageBytes(p1.getBytes());
        int start = 0;
        if (maxDef > 0) {
          if (p1.getDlEncoding() != Encoding.RLE) {
            throw unsupported(p1.getDlEncoding() + " definition levels");
          }
          int len = bb.getInt(0);
          defs.init(bb, 4, 4 + len, BytesUtils.getWidthFromMaxInt(maxDef));
          start = 4 + len;
        }
        values = values(p1.getValueEncoding(), bb, start);
      } else {
        DataPageV2 p2 = (DataPageV2) page;
        if (maxDef > 0) {
          ByteBuffer levels = bytes(p2.getDefinitionLevels());
          defs.init(levels, 0, levels.limit(), BytesUtils.getWidthFromMaxInt(maxDef));
        }
        values = values(p2.getDataEncoding(), pageBytes(p2.getData()), 0);
      }
      return null;
    });
  }

  /**
   * Byte-array values are copied out of the page by array offset, so their pages are on the heap;
   * other pages stay where parquet-mr put them.
   */
  private ByteBuffer pageBytes(BytesInput in) {
    PrimitiveTypeName p = type.getPrimitiveTypeName();
    return p == PrimitiveTypeName.BINARY || p == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
        ? heap(in) : bytes(in);
  }

  /** The decoder of the values in {@code page[start, limit)}. */
  private PageValues values(Encoding enc, ByteBuffer page, int start) {
    int end = page.limit();
    if (enc.usesDictionary()) {
      if (dict == null) {
        throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
            "a dictionary-encoded page has no dictionary page", "the file is corrupt");
      }
      return new DictionaryValues(ids, page, start, end, dict, scratch);
    }
    boolean bytes = kind == ValueKind.BYTES || kind == ValueKind.DEC_BYTES;
    boolean ints = type.getPrimitiveTypeName() == PrimitiveTypeName.INT32
        || type.getPrimitiveTypeName() == PrimitiveTypeName.INT64;
    switch (enc) {
      case PLAIN -> {
        return kind == ValueKind.BYTES
            ? new PlainBinaryValues(kind, Plain.fixedLength(type), page, start, end, scratch)
            : new PlainValues(kind, type, page, start, scratch);
      }
      case RLE -> {
        if (kind == ValueKind.BOOL) {
          return new RleBooleanValues(ids, page, start, scratch);
        }
      }
      case DELTA_BINARY_PACKED -> {
        if (ints) {
          return new DeltaValues(kind, type.getPrimitiveTypeName(), page, start, end, scratch);
        }
      }
      case DELTA_LENGTH_BYTE_ARRAY -> {
        if (bytes) {
          return new DeltaLengthValues(kind, page, start, end, scratch);
        }
      }
      case DELTA_BYTE_ARRAY -> {
        if (bytes) {
          return new DeltaByteArrayValues(kind, page, start, end, scratch);
        }
      }
      case BYTE_STREAM_SPLIT -> {
        if (kind.width > 0) {
          return new ByteStreamSplitValues(kind, type, page, start, end, scratch);
        }
      }
      default -> { }
    }
    throw unsupported(enc + " values");
  }

  private DataException unsupported(String what) {
    return new DataException(where.file(), where.location(), desc.getPath()[0], null,
        "pages with " + what + " are not supported for " + type,
        "rewrite the file with a current Parquet writer");
  }

  /**
   * The page bytes as a little-endian buffer positioned at 0, without a copy: direct when parquet-mr
   * read the chunk into direct memory. Byte-array columns need {@link #heap} instead.
   */
  static ByteBuffer bytes(BytesInput in) {
    try {
      // a stream's slice shares a single backing buffer; toByteBuffer(allocator, ...) copies
      return in.toInputStream().slice((int) in.size()).slice().order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page bytes as a little-endian heap buffer positioned at 0 (copied if direct). */
  static ByteBuffer heap(BytesInput in) {
    ByteBuffer b = bytes(in);
    if (b.hasArray()) {
      return b;
    }
    ByteBuffer copy = ByteBuffer.allocate(b.remaining());
    copy.put(b).flip();
    return copy.order(ByteOrder.LITTLE_ENDIAN);
  }
}
