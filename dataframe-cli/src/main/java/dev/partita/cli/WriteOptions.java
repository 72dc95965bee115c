package dev.partita.cli;

import dev.partita.io.sink.WriteMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --mode}, for the commands that write: what to do with an output that already exists. */
final class WriteOptions {
  @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
      description = {"What to do when the output exists: error (the default: refuse it), overwrite (replace it)",
          "or append (add parts to a directory; a single file is never appended to)."})
  WriteMode mode = WriteMode.ERROR;

  /** Parses a mode as the API does, with the same message for a wrong one. */
  static final class ModeConverter implements ITypeConverter<WriteMode> {
    @Override
    public WriteMode convert(String value) {
      try {
        return WriteMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
