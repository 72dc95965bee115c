package dev.partita.io.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.partita.io.BatchBuffers;
import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.IsoTime;
import dev.partita.io.csv.OnBadLines;
import dev.partita.io.fs.Compression;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON lines of one partition into Arrow batches of the projected columns. Each line goes
 * through a Jackson {@link JsonParser}; a field is looked up in a tree of the projected key paths,
 * and a field outside it is passed over with {@code skipChildren()}, its value never built. Values
 * are written into {@link BatchBuffers}; a field that appears twice in a line keeps its first value.
 */
final class JsonReader implements BatchReader {

  private static final Logger LOG = LoggerFactory.getLogger(JsonReader.class);

  /** A key path step: the column the field is read into (or -1), and the fields inside it. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    int target = -1;
  }

  private final LinePartition part;
  private final List<JsonSource.Column> projected;
  private final JsonType[] types;
  private final Node root = new Node();
  private final int batchRows;
  private final OnBadLines onBadLines;
  private final String sample;
  private final Schema schema;
  private final BatchBuffers buffers;
  private final LineReader lines;
  private final Utf8Out utf8 = new Utf8Out();

  private long badLines;
  private String firstBadLine;

  JsonReader(LinePartition part, List<JsonSource.Column> projected, int batchRows,
      OnBadLines onBadLines, String sample, BufferAllocator allocator) throws IOException {
    this.part = part;
    this.projected = projected;
    this.types = projected.stream().map(JsonSource.Column::type).toArray(JsonType[]::new);
    for (int t = 0; t < projected.size(); t++) {
      Node n = root;
      for (String key : projected.get(t).path()) {
        n = n.children.computeIfAbsent(key, k -> new Node());
      }
      n.target = t;
    }
    this.batchRows = batchRows;
    this.onBadLines = onBadLines;
    this.sample = sample;
    this.schema = JsonSource.schemaOf(projected);
    this.buffers = new BatchBuffers(schema, allocator, batchRows);
    this.lines = new LineReader(part);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    try {
      return read();
    } catch (DataException e) {
      throw Compression.explain(part.file(), e);
    }
  }

  private VectorSchemaRoot read() throws IOException {
    int row = 0;
    while (row < batchRows && lines.next()) {
      byte[] b = lines.buf();
      int s = lines.lineStart();
      int e = lines.lineEnd();
      if (JsonSource.blank(b, s, e)) {
        continue;
      }
      buffers.clearRow(row);
      if (line(b, s, e, row)) {
        row++;
      }
    }
    return row == 0 ? null : buffers.finish(row);
  }

  /** Reads one line into {@code row}; false when it was a bad line to drop. */
  private boolean line(byte[] b, int s, int e, int row) throws IOException {
    JsonToken first = null;
    try (JsonParser p = JsonSource.JSON.createParser(b, s, e - s)) {
      first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        object(p, root, row, b, s);
        if (p.nextToken() == null) {
          return true;
        }
      }
    } catch (JsonProcessingException x) {
      return badLine(b, s, e, x, null);
    }
    return badLine(b, s, e, null, first);
  }

  private void object(JsonParser p, Node node, int row, byte[] b, int s) throws IOException {
    for (String key; (key = p.nextFieldName()) != null; ) {
      JsonToken t = p.nextToken();
      Node child = node.children.get(key);
      if (child == null) {
        p.skipChildren();
      } else if (child.target >= 0) {
        value(p, t, child.target, row, b, s);
      } else if (t == JsonToken.START_OBJECT) {
        object(p, child, row, b, s);
      } else if (t != JsonToken.VALUE_NULL) {
        String field = String.join(".", pathOf(child));
        throw JsonErrors.notAnObjectField(part.file().path(), lines.lineNumber(), field,
            text(p, t, b, s));
      }
    }
  }

  /** The key path of a node, for a message: the first projected column below it says it. */
  private List<String> pathOf(Node n) {
    Node leaf = n;
    int depth = 0;
    while (leaf.target < 0) {
      leaf = leaf.children.values().iterator().next();
      depth++;
    }
    List<String> path = projected.get(leaf.target).path();
    return path.subList(0, path.size() - depth);
  }

  private void value(JsonParser p, JsonToken t, int c, int row, byte[] b, int s)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (buffers.isSet(c, row)) {
      p.skipChildren();
      return;
    }
    boolean ok = switch (types[c]) {
      case INT64 -> {
        boolean fits = t == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        if (fits) {
          buffers.setLong(c, row, p.getLongValue());
        }
        yield fits;
      }
      case FLOAT64 -> {
        boolean fits = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        if (fits) {
          buffers.setDouble(c, row, p.getDoubleValue());
        }
        yield fits;
      }
      case BOOLEAN -> {
        boolean fits = t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
        if (fits) {
          buffers.setBoolean(c, row, t == JsonToken.VALUE_TRUE);
        }
        yield fits;
      }
      case DATE -> {
        long day = t == JsonToken.VALUE_STRING ? IsoTime.parseDate(utf8.bytes(), 0, encode(p))
            : IsoTime.BAD;
        if (day != IsoTime.BAD) {
          buffers.setInt(c, row, (int) day);
        }
        yield day != IsoTime.BAD;
      }
      case TIMESTAMP -> {
        long us = t == JsonToken.VALUE_STRING ? IsoTime.parseInstant(utf8.bytes(), 0, encode(p))
            : IsoTime.BAD;
        if (us != IsoTime.BAD) {
          buffers.setLong(c, row, us);
        }
        yield us != IsoTime.BAD;
      }
      case STRING -> {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          int from = s + (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int to = s + (int) p.currentLocation().getByteOffset();
          buffers.setUtf8(c, row, b, from, to - from);
        } else {
          buffers.setUtf8(c, row, utf8.bytes(), 0, encode(p));
        }
        yield true;
      }
    };
    if (!ok) {
      throw JsonErrors.badValue(part.file().path(), lines.lineNumber(), projected.get(c),
          text(p, t, b, s), t == JsonToken.VALUE_NUMBER_FLOAT, sample);
    }
  }

  /** The value's characters as UTF-8 in {@link #utf8}; its byte length. */
  private int encode(JsonParser p) throws IOException {
    return utf8.encode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  /** The current value as text for a message: its JSON text for an object or array. */
  private static String text(JsonParser p, JsonToken t, byte[] b, int s) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      int from = s + (int) p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      int to = s + (int) p.currentLocation().getByteOffset();
      return JsonErrors.text(b, from, to);
    }
    return p.getText();
  }

  /** Fails on a bad line, or counts it and keeps the first's message to warn with. */
  private boolean badLine(byte[] b, int s, int e, JsonProcessingException x, JsonToken first) {
    if (onBadLines != OnBadLines.ERROR && badLines++ > 0) {
      return false;
    }
    String text = JsonErrors.text(b, s, e);
    long line = lines.lineNumber();
    DataException error = x != null ? JsonErrors.notJson(part.file().path(), line, text, x)
        : JsonErrors.notAnObject(part.file().path(), line, text, first);
    if (onBadLines == OnBadLines.ERROR) {
      throw error;
    }
    firstBadLine = error.location() + ": " + error.problem();
    return false;
  }

  @Override
  public void close() throws IOException {
    if (badLines > 0 && onBadLines == OnBadLines.WARN) {
      LOG.warn("{}: skipped {} lines that are not one JSON object in {}; first: {}",
          part.file().path(), badLines, part.describe(), firstBadLine);
    }
    lines.close();
  }
}
