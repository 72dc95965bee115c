package dev.partita.io.parquet;

import dev.partita.io.DataException;
import dev.partita.io.DictionaryVector;
import dev.partita.io.Utf8Dictionary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
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
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes PLAIN and dictionary-encoded pages (v1 and v2) of one flat column chunk straight into
 * Arrow buffers, as Spark's and Iceberg's vectorized readers do on top of parquet-mr: definition
 * levels a run at a time, runs of non-null PLAIN fixed-width values with one bulk copy from the
 * page into the Arrow data buffer, dictionary indices in a tight loop and then gathered. parquet-mr
 * still reads page headers and decompresses.
 *
 * <p>A string chunk with a dictionary can instead be read as codes ({@link #dictionary()}): the
 * indices are copied into a {@link DictionaryVector} as they are, and the values of PLAIN pages
 * (where the writer fell back from its dictionary mid-chunk) are appended to the batch's own
 * extension of the dictionary and coded past its end.
 */
final class VectorizedColumnReader implements ColumnChunkReader {

  private final ColumnDescriptor desc;
  private final PageReader pages;
  private final ValueKind kind;
  private final int maxDef;
  private final int fixedLen;
  private final boolean fixed;
  private final boolean wide;
  private final Where where;
  private final Dictionary dict;
  /** The chunk's dictionary when this reader writes codes, else null. */
  private final Utf8Dictionary codes;
  /** The current batch's PLAIN values, entries {@code codes.size() + k} of its dictionary. */
  private byte[] extensionBytes = new byte[0];
  private int[] extensionEnds = new int[0];
  private int extensionSize;
  private Utf8Dictionary batchDictionary;

  private final RleBitPackedDecoder defs = new RleBitPackedDecoder();
  private final RleBitPackedDecoder ids = new RleBitPackedDecoder();
  private int[] idBuf = new int[1024];
  private final VarWidthAppender appender = new VarWidthAppender();
  private int pageLeft;
  private boolean dictEncoded;
  private boolean rleBooleans;
  private ByteBuffer data;
  private int pos;
  private long bitPos;

  /**
   * @param wantsCodes whether to read the chunk as codes if it has a dictionary (the caller checked
   *     it is a string column)
   */
  VectorizedColumnReader(ColumnDescriptor desc, PageReader pages, ValueKind kind, Where where,
      boolean wantsCodes) {
    this.desc = desc;
    this.pages = pages;
    this.kind = kind;
    this.maxDef = desc.getMaxDefinitionLevel();
    this.fixedLen = desc.getPrimitiveType().getTypeLength();
    PrimitiveTypeName physical = desc.getPrimitiveType().getPrimitiveTypeName();
    this.fixed = physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
    this.wide = physical == PrimitiveTypeName.INT64;
    this.where = where;
    DictionaryPage dp = pages.readDictionaryPage();
    this.dict = dp == null ? null : Dictionary.decode(dp, desc, kind);
    this.codes = wantsCodes && dict != null ? dict.strings() : null;
    this.batchDictionary = codes;
  }

  @Override
  public Utf8Dictionary dictionary() {
    return batchDictionary;
  }

  /** True when every data encoding of the chunk is one this reader decodes. */
  static boolean supports(Iterable<Encoding> chunkEncodings) {
    for (Encoding e : chunkEncodings) {
      switch (e) {
        case PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED -> { }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void read(FieldVector v, int n) {
    extensionSize = 0;
    int done = 0;
    while (done < n) {
      if (pageLeft == 0) {
        nextPage();
      }
      int k = Math.min(pageLeft, n - done);
      if (maxDef == 0) {
        readDense(v, done, k);
        Validity.setRange(v.getValidityBuffer(), done, k);
      } else {
        readWithLevels(v, done, k);
      }
      pageLeft -= k;
      done += k;
    }
    if (codes != null) {
      batchDictionary = extensionSize == 0 ? codes : extended();
    }
  }

  /** The chunk's dictionary followed by this batch's PLAIN values. */
  private Utf8Dictionary extended() {
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

  private void readWithLevels(FieldVector v, int off, int k) {
    ArrowBuf validity = v.getValidityBuffer();
    int i = 0;
    while (i < k) {
      if (defs.left == 0) {
        defs.nextRun();
      }
      int r = Math.min(defs.left, k - i);
      if (defs.rle) {
        if (defs.value == maxDef) {
          readDense(v, off + i, r);
          Validity.setRange(validity, off + i, r);
        } else {
          zeroNulls(v, off + i, r);
        }
      } else {
        int[] lv = defs.packed;
        int base = defs.packedPos;
        int j = 0;
        while (j < r) {
          if (lv[base + j] == maxDef) {
            int s = j;
            while (j < r && lv[base + j] == maxDef) {
              j++;
            }
            readDense(v, off + i + s, j - s);
            Validity.setRange(validity, off + i + s, j - s);
          } else {
            int s = j;
            while (j < r && lv[base + j] != maxDef) {
              j++;
            }
            zeroNulls(v, off + i + s, j - s);
          }
        }
        defs.packedPos += r;
      }
      defs.left -= r;
      i += r;
    }
  }

  /**
   * Fixed-width batches are allocated without zeroing ({@link #fillsEverySlot}), so null slots
   * are zeroed here, as Arrow's {@code allocateNew} would have left them.
   */
  private void zeroNulls(FieldVector v, int dst, int count) {
    int width = kind == ValueKind.RAW4 || codes != null ? 4 : kind == ValueKind.RAW8 ? 8 : 0;
    if (width > 0) {
      v.getDataBuffer().setZero((long) dst * width, (long) count * width);
    }
  }

  @Override
  public boolean fillsEverySlot() {
    return kind == ValueKind.RAW4 || kind == ValueKind.RAW8 || kind == ValueKind.BYTES;
  }

  /** Reads {@code count} non-null values into rows {@code [dst, dst + count)}. */
  private void readDense(FieldVector v, int dst, int count) {
    if (codes != null) {
      readCodes(v, dst, count);
      return;
    }
    if (dictEncoded) {
      growIdBuf(count);
      ids.readInts(idBuf, 0, count);
      dict.gather(v, dst, idBuf, count);
      return;
    }
    switch (kind) {
      case RAW4 -> {
        ((BaseFixedWidthVector) v).getDataBuffer().setBytes((long) dst * 4, data, pos, count * 4);
        pos += count * 4;
      }
      case RAW8 -> {
        ((BaseFixedWidthVector) v).getDataBuffer().setBytes((long) dst * 8, data, pos, count * 8);
        pos += count * 8;
      }
      case BOOL -> readBooleans(v, dst, count);
      case BYTES -> readBytes((BaseVariableWidthVector) v, dst, count);
      case DEC_INT -> readIntDecimals((DecimalVector) v, dst, count);
      case DEC_BYTES -> readByteDecimals((DecimalVector) v, dst, count);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private void growIdBuf(int count) {
    if (idBuf.length < count) {
      idBuf = new int[Math.max(count, idBuf.length * 2)];
    }
  }

  /**
   * Writes the codes of {@code count} values into a DictionaryVector: dictionary indices as they
   * are, PLAIN values as new entries of the batch's extension.
   */
  private void readCodes(FieldVector v, int dst, int count) {
    growIdBuf(count);
    if (dictEncoded) {
      ids.readInts(idBuf, 0, count);
    } else {
      byte[] a = data.array();
      int base = data.arrayOffset();
      for (int i = 0; i < count; i++) {
        int len = nextLength();
        appendExtension(a, base + pos, len);
        pos += len;
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

  private void readBooleans(FieldVector v, int dst, int count) {
    ArrowBuf bits = ((BaseFixedWidthVector) v).getDataBuffer();
    if (rleBooleans) {
      growIdBuf(count);
      ids.readInts(idBuf, 0, count);
      for (int i = 0; i < count; i++) {
        if (idBuf[i] != 0) {
          BitVectorHelper.setBit(bits, dst + i);
        }
      }
      return;
    }
    for (int i = 0; i < count; i++, bitPos++) {
      if ((data.get(pos + (int) (bitPos >>> 3)) >>> (bitPos & 7) & 1) != 0) {
        BitVectorHelper.setBit(bits, dst + i);
      }
    }
  }

  private void readBytes(BaseVariableWidthVector v, int dst, int count) {
    byte[] a = data.array();
    int base = data.arrayOffset();
    int start = pos;
    long total = 0;
    for (int i = 0; i < count; i++) {
      int len = nextLength();
      total += len;
      pos += len;
    }
    pos = start;
    appender.begin(v, dst, count, total);
    for (int i = 0; i < count; i++) {
      int len = nextLength();
      appender.append(a, base + pos, len);
      pos += len;
    }
    appender.finish();
  }

  private int nextLength() {
    if (fixed) {
      return fixedLen;
    }
    int len = data.getInt(pos);
    pos += 4;
    return len;
  }

  private void readIntDecimals(DecimalVector v, int dst, int count) {
    for (int i = 0; i < count; i++) {
      long unscaled = wide ? data.getLong(pos) : data.getInt(pos);
      pos += wide ? 8 : 4;
      v.set(dst + i, unscaled);
    }
  }

  private void readByteDecimals(DecimalVector v, int dst, int count) {
    for (int i = 0; i < count; i++) {
      int len = nextLength();
      byte[] be = new byte[len];
      data.get(pos, be);
      pos += len;
      v.setBigEndian(dst + i, be);
    }
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
          "the column chunk has fewer values than the row group's row count",
          "the file is corrupt; write it again");
    }
    pageLeft = page.getValueCount();
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
      initValues(p1.getValueEncoding(), bb, start);
    } else {
      DataPageV2 p2 = (DataPageV2) page;
      if (maxDef > 0) {
        ByteBuffer levels = bytes(p2.getDefinitionLevels());
        defs.init(levels, 0, levels.limit(), BytesUtils.getWidthFromMaxInt(maxDef));
      }
      initValues(p2.getDataEncoding(), pageBytes(p2.getData()), 0);
    }
  }

  /** Byte-array values are copied out of the page by array offset, so they need a heap page. */
  private ByteBuffer pageBytes(BytesInput in) {
    return kind == ValueKind.BYTES ? heap(in) : bytes(in);
  }

  private void initValues(Encoding enc, ByteBuffer bb, int start) {
    rleBooleans = false;
    if (enc.usesDictionary()) {
      if (dict == null) {
        throw new DataException(where.file(), where.location(), desc.getPath()[0], null,
            "a dictionary-encoded page has no dictionary page", "the file is corrupt");
      }
      dictEncoded = true;
      ids.init(bb, start + 1, bb.limit(), bb.get(start) & 0xFF);
    } else if (enc == Encoding.PLAIN) {
      dictEncoded = false;
      data = bb;
      pos = start;
      bitPos = 0;
    } else if (enc == Encoding.RLE && kind == ValueKind.BOOL) {
      dictEncoded = false;
      rleBooleans = true;
      int len = bb.getInt(start);
      ids.init(bb, start + 4, start + 4 + len, 1);
    } else {
      throw unsupported(enc + " values");
    }
  }

  private DataException unsupported(String what) {
    return new DataException(where.file(), where.location(), desc.getPath()[0], null,
        "pages with " + what + " are not supported",
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
