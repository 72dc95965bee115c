package dev.partita.io;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.reader.FieldReader;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A batch column of strings or integers held as int32 codes into a {@link CodeDictionary}: row
 * {@code i} is entry {@link #get get(i)} of {@link #dictionary()}; a null row has code 0 and a clear
 * validity bit. A reader hands one out instead of a {@code VarCharVector}, {@code IntVector} or
 * {@code BigIntVector} for a column listed in {@link ReadSpec#dictionaryIds()}, batch by batch: the next
 * batch of the same column may hold values, or have another dictionary. As Arrow Java has it for
 * encoded vectors, the field keeps the value type and carries a {@link DictionaryEncoding} with int32 indices,
 * while the vector holds the indices, laid out and closed as an {@code IntVector} (which is final,
 * hence this class).
 */
public final class DictionaryVector extends BaseFixedWidthVector {

  private static final int WIDTH = 4;
  private static final ArrowType.Int INDEX_TYPE = new ArrowType.Int(32, true);

  private final CodeDictionary dictionary;

  /**
   * An empty vector for column {@code name}, whose values are of {@code valueType} (Utf8 for a
   * {@link Utf8Dictionary}, Int for a {@link LongDictionary}).
   *
   * @param id the dictionary id of its encoding, unique within a batch
   */
  public DictionaryVector(String name, boolean nullable, ArrowType valueType, long id,
      CodeDictionary dictionary, BufferAllocator allocator) {
    this(new Field(name, new FieldType(nullable, valueType,
        new DictionaryEncoding(id, false, INDEX_TYPE)), null), dictionary, allocator);
  }

  private DictionaryVector(Field field, CodeDictionary dictionary, BufferAllocator allocator) {
    super(field, allocator, WIDTH);
    this.dictionary = dictionary;
  }

  /** The values this batch's codes index. */
  public CodeDictionary dictionary() {
    return dictionary;
  }

  /** The code of row {@code i} (0 for a null row). */
  public int get(int i) {
    return getDataBuffer().getInt((long) i * WIDTH);
  }

  @Override
  public MinorType getMinorType() {
    return MinorType.INT;
  }

  /** The code of row {@code i}, or null. */
  @Override
  public Integer getObject(int i) {
    return isNull(i) ? null : get(i);
  }

  @Override
  protected FieldReader getReaderImpl() {
    throw new UnsupportedOperationException("a DictionaryVector has no FieldReader; read codes with get(i)");
  }

  @Override
  public TransferPair getTransferPair(String ref, BufferAllocator allocator) {
    return getTransferPair(new Field(ref, getField().getFieldType(), null), allocator);
  }

  @Override
  public TransferPair getTransferPair(Field field, BufferAllocator allocator) {
    return makeTransferPair(new DictionaryVector(field, dictionary, allocator));
  }

  /**
   * Moves or copies codes into {@code to}, a DictionaryVector; the codes keep their values and index
   * {@code to}'s dictionary (the reader uses this to give a batch the dictionary its codes were read
   * against).
   */
  @Override
  public TransferPair makeTransferPair(ValueVector to) {
    return new Transfer((DictionaryVector) to);
  }

  private final class Transfer implements TransferPair {

    private final DictionaryVector to;

    Transfer(DictionaryVector to) {
      this.to = to;
    }

    @Override
    public void transfer() {
      transferTo(to);
    }

    @Override
    public void splitAndTransfer(int start, int length) {
      splitAndTransferTo(start, length, to);
    }

    @Override
    public ValueVector getTo() {
      return to;
    }

    @Override
    public void copyValueSafe(int from, int toIndex) {
      to.copyFromSafe(from, toIndex, DictionaryVector.this);
    }
  }
}
