package dev.partita.io.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.partita.io.IsoTime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers columns from sampled JSON objects. Each field path gets the set of value kinds seen, then
 * one type: integers only INT64; integers and other numbers FLOAT64; booleans BOOLEAN; strings that
 * all read as {@code yyyy-MM-dd} DATE, as ISO timestamps TIMESTAMP; other strings, arrays and any
 * mix STRING. A field that only ever holds objects is flattened into {@code name.field} columns; a
 * field holding objects and other values, or only empty objects, is one STRING column of JSON
 * text. A field seen only as null is a STRING column. Columns come in the order fields were first
 * seen.
 */
final class JsonInference {

  private static final int INT = 1;
  private static final int FLOAT = 2;
  private static final int BOOL = 4;
  private static final int STRING = 8;
  private static final int DATE = 16;
  private static final int TIMESTAMP = 32;
  private static final int OBJECT = 64;
  private static final int ARRAY = 128;

  /** One field path: the keys leading to it, the kinds of value it held, its enclosing field. */
  private static final class Field {
    final List<String> path;
    final Field parent;
    int kinds;
    boolean hasChildren;
    boolean asText;

    Field(List<String> path, Field parent) {
      this.path = path;
      this.parent = parent;
    }
  }

  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final Utf8Out utf8 = new Utf8Out();

  /** Records the fields of one object; the parser stands on its START_OBJECT. */
  void object(JsonParser p) throws IOException {
    object(p, "", List.of(), null);
  }

  private void object(JsonParser p, String prefix, List<String> path, Field parent)
      throws IOException {
    for (String key; (key = p.nextFieldName()) != null; ) {
      JsonToken t = p.nextToken();
      String name = prefix + key;
      List<String> keys = new ArrayList<>(path);
      keys.add(key);
      Field f = fields.computeIfAbsent(name, n -> new Field(List.copyOf(keys), parent));
      if (parent != null) {
        parent.hasChildren = true;
      }
      switch (t) {
        case START_OBJECT -> {
          f.kinds |= OBJECT;
          object(p, name + ".", keys, f);
        }
        case START_ARRAY -> {
          f.kinds |= ARRAY;
          p.skipChildren();
        }
        case VALUE_NUMBER_INT -> f.kinds |= p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? FLOAT : INT;
        case VALUE_NUMBER_FLOAT -> f.kinds |= FLOAT;
        case VALUE_TRUE, VALUE_FALSE -> f.kinds |= BOOL;
        case VALUE_STRING -> f.kinds |= stringKind(p);
        default -> { }
      }
    }
  }

  private int stringKind(JsonParser p) throws IOException {
    int len = p.getTextLength();
    if (len < 10 || len > 35) {
      return STRING;
    }
    int n = utf8.encode(p.getTextCharacters(), p.getTextOffset(), len);
    byte[] b = utf8.bytes();
    if (IsoTime.parseDate(b, 0, n) != IsoTime.BAD) {
      return DATE;
    }
    return IsoTime.parseInstant(b, 0, n) != IsoTime.BAD ? TIMESTAMP : STRING;
  }

  /** The columns, in first-seen order: each with its name, key path and type. */
  List<JsonSource.Column> columns() {
    List<JsonSource.Column> out = new ArrayList<>();
    for (Map.Entry<String, Field> e : fields.entrySet()) {
      Field f = e.getValue();
      if (insideText(f)) {
        continue;
      }
      if ((f.kinds & OBJECT) != 0) {
        if (f.kinds == OBJECT && f.hasChildren) {
          continue;
        }
        f.asText = true;
      }
      out.add(new JsonSource.Column(e.getKey(), f.path,
          f.asText ? JsonType.STRING : typeOf(f.kinds), false));
    }
    return out;
  }

  /** Whether an enclosing field is read as JSON text, which this one is then part of. */
  private static boolean insideText(Field f) {
    for (Field p = f.parent; p != null; p = p.parent) {
      if (p.asText) {
        return true;
      }
    }
    return false;
  }

  private static JsonType typeOf(int kinds) {
    if (kinds == INT) {
      return JsonType.INT64;
    }
    if (kinds == FLOAT || kinds == (INT | FLOAT)) {
      return JsonType.FLOAT64;
    }
    if (kinds == BOOL) {
      return JsonType.BOOLEAN;
    }
    if (kinds == DATE) {
      return JsonType.DATE;
    }
    return kinds == TIMESTAMP ? JsonType.TIMESTAMP : JsonType.STRING;
  }
}
