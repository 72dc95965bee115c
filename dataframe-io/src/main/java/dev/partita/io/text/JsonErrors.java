package dev.partita.io.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.partita.io.DataException;
import java.nio.charset.StandardCharsets;

/** The JSON lines source's bad-input messages, so inference and reading word them alike. */
final class JsonErrors {

  private JsonErrors() {}

  static final String SKIP_HINT = "Fix the line, or drop such lines with"
      + " JsonOptions.onBadLines(OnBadLines.SKIP) or WARN";

  static String text(byte[] b, int from, int to) {
    return new String(b, from, Math.min(to - from, 200), StandardCharsets.UTF_8);
  }

  static DataException notJson(String file, long line, String text, JsonProcessingException e) {
    return new DataException(file, "line " + line, null, text,
        "not valid JSON at character " + e.getLocation().getColumnNr() + ": "
            + e.getOriginalMessage(), SKIP_HINT, e);
  }

  /** A line whose first token is {@code first}: not an object, or an object and more after it. */
  static DataException notAnObject(String file, long line, String text, JsonToken first) {
    String what = switch (first) {
      case START_OBJECT -> "more than one JSON value";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> "null";
    };
    return new DataException(file, "line " + line, null, text,
        "a JSON lines file holds one JSON object per line, this line holds " + what, SKIP_HINT);
  }

  /** A value that does not fit its column's type. */
  static DataException badValue(String file, long line, JsonSource.Column col, String value,
      boolean isFloat, String sample) {
    JsonType wider = col.type() == JsonType.INT64 && isFloat ? JsonType.FLOAT64 : JsonType.STRING;
    String fix = "JsonOptions.dtype(\"" + col.name() + "\", JsonType." + wider + ")";
    if (col.declared()) {
      return new DataException(file, "line " + line, col.name(), value,
          "cannot read the value as " + col.type() + ", the type declared for this field",
          "Fix the value or declare another type: " + fix);
    }
    return new DataException(file, "line " + line, col.name(), value,
        "cannot read the value as " + col.type() + ", the type inferred for this field from "
            + sample, "Declare the field's type: " + fix + ", or sample more with"
            + " JsonOptions.sample(bytes, files)");
  }

  /** An object where the sample showed a scalar, or the other way round. */
  static DataException notAnObjectField(String file, long line, String field, String value) {
    return new DataException(file, "line " + line, field, value,
        "the sample showed an object here (flattened into " + field + ".* columns), this line"
            + " holds another value", "Read the field as JSON text: JsonOptions.dtype(\"" + field
            + "\", JsonType.STRING)");
  }
}
