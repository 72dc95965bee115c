package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Build-checked serialization: the same build reads back, another build of a class is refused by name and jar. */
class CodeCheckTest {

    record Spec(String name, int n) implements java.io.Serializable {}

    static byte[] write(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = CodeCheck.output(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    @Test
    void theSameBuildReadsBack() throws Exception {
        Spec s = new Spec("a", 3);
        assertEquals(s, CodeCheck.input(new ByteArrayInputStream(write(s))).readObject());
    }

    /** A stream from another build of Spec: its fingerprint in the stream differs from this build's. */
    @Test
    void anotherBuildOfAClassIsRefusedNamingItAndWhereItWasLoadedFrom() throws Exception {
        byte[] bytes = write(new Spec("a", 3));
        String code = ClassCode.of(Spec.class);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(code);
        assertTrue(at > 0, "the fingerprint is in the stream");
        bytes[at] = (byte) (bytes[at] == '0' ? '1' : '0');
        InvalidClassException e = assertThrows(InvalidClassException.class,
                () -> CodeCheck.input(new ByteArrayInputStream(bytes)).readObject());
        assertTrue(e.getMessage().contains(Spec.class.getName()), e::getMessage);
        assertTrue(e.getMessage().contains(Spec.class.getProtectionDomain().getCodeSource().getLocation().toString()),
                e::getMessage);
    }
}
