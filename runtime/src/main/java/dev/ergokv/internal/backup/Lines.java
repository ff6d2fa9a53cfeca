package dev.ergokv.internal.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.migrate.Json;
import dev.ergokv.internal.migrate.KeyText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The lines of a backup data file (NDJSON): one stored entity per line, in key order,
 *
 * <pre>
 * {"key":"1081 2a as hex","version":3,"fields":{"id":42,"name":"Ann",...}}
 * {"key":"...","version":3,"raw":"7AOh..."}
 * </pre>
 *
 * {@code key} is the entity's key component (hex: exact, whatever its type), {@code version} the
 * schema version in the value's header, and {@code fields} the stored document in the JSON form of
 * {@link CborJson}. A value that form cannot give back byte for byte is written as {@code raw}:
 * the whole stored value in base64. Either way a restore writes back exactly the stored bytes.
 */
final class Lines {

  private Lines() {}

  /** One entity read from a line. */
  record Entry(long line, byte[] keyComponent, int version, byte[] value, boolean raw) {}

  /** Writes lines to a stream (not closed here). */
  static final class Writer {
    private final OutputStream out;
    private final ByteArrayOutputStream fields = new ByteArrayOutputStream(512);
    private final CborJson.Buffer check = new CborJson.Buffer();
    private long rawLines;

    Writer(OutputStream out) {
      this.out = out;
    }

    /** Writes the line of the entity stored as {@code value} under key component {@code key}. */
    void write(byte[] key, byte[] value) throws IOException {
      int[] header = readHeader(value);
      int version = header == null ? 0 : header[0];
      StringBuilder head =
          new StringBuilder(48 + key.length * 2)
              .append("{\"key\":\"")
              .append(KeyText.hex(key))
              .append("\",\"version\":")
              .append(version);
      // A line with "fields" is read back with the minimal header: a longer one (which the codec
      // also reads) would not come back byte for byte.
      boolean minimalHeader = header != null && header[1] == header(version).length;
      byte[] json = minimalHeader ? readable(value, header[1]) : null;
      if (json != null) {
        head.append(",\"fields\":");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.write('}');
      } else {
        rawLines++;
        head.append(",\"raw\":\"").append(Base64.getEncoder().encodeToString(value)).append("\"}");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      }
      out.write('\n');
    }

    /** The JSON of the document, if it gives back exactly the stored bytes; else null. */
    private byte[] readable(byte[] value, int documentStart) throws IOException {
      fields.reset();
      try (JsonGenerator generator = Json.FACTORY.createGenerator(fields)) {
        CborJson.toJson(value, documentStart, generator);
      } catch (CborJson.NotRepresentable e) {
        return null;
      }
      byte[] json = fields.toByteArray();
      check.reset();
      try (JsonParser parser = Json.FACTORY.createParser(json)) {
        CborJson.toCbor(parser, parser.nextToken(), check);
      } catch (IOException e) {
        return null;
      }
      return check.contentEquals(value, documentStart) ? json : null;
    }

    /** Lines written as base64 because their document had no exact JSON form. */
    long rawLines() {
      return rawLines;
    }
  }

  /** Reads lines from a stream (not closed here). */
  static final class Reader {
    private final InputStream in;
    private final String file;
    private byte[] line = new byte[1024];
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private long number;
    private final CborJson.Buffer document = new CborJson.Buffer();

    Reader(InputStream in, String file) {
      this.in = in;
      this.file = file;
    }

    /**
     * The next entry, or null at the end.
     *
     * @throws BackupProblem naming the file and line when the line is not in the format
     */
    Entry next() throws IOException {
      int length = readLine();
      if (length < 0) {
        return null;
      }
      number++;
      String keyHex = null;
      Integer version = null;
      byte[] raw = null;
      boolean fields = false;
      try (JsonParser parser = Json.FACTORY.createParser(line, 0, length)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw problem("not a JSON object");
        }
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          JsonToken token = parser.nextToken();
          switch (name) {
            case "key":
              keyHex = token == JsonToken.VALUE_STRING ? parser.getText() : null;
              break;
            case "version":
              version = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
              break;
            case "fields":
              document.reset();
              CborJson.toCbor(parser, token, document);
              fields = true;
              break;
            case "raw":
              raw = token == JsonToken.VALUE_STRING ? Base64.getDecoder().decode(parser.getText()) : null;
              break;
            default:
              parser.skipChildren();
          }
        }
        if (parser.nextToken() != null) {
          throw problem("data after the JSON object");
        }
      } catch (BackupProblem e) {
        throw e;
      } catch (IOException | IllegalArgumentException e) {
        throw problem("malformed: " + e.getMessage());
      }
      if (keyHex == null || version == null || fields == (raw != null)) {
        throw problem("needs \"key\" (hex string), \"version\" (integer) and one of \"fields\" or \"raw\"");
      }
      byte[] key;
      try {
        key = KeyText.unhex(keyHex);
      } catch (IllegalArgumentException e) {
        throw problem("\"key\" is not hex: " + e.getMessage());
      }
      byte[] value;
      if (fields) {
        byte[] header = header(version);
        value = Arrays.copyOf(header, header.length + document.length());
        System.arraycopy(document.toByteArray(), 0, value, header.length, document.length());
      } else {
        value = raw;
        int[] stored = readHeader(raw);
        if (stored == null || stored[0] != version) {
          throw problem("the raw value's header does not say version " + version);
        }
      }
      return new Entry(number, key, version, value, !fields);
    }

    BackupProblem problem(String what) {
      return new BackupProblem(file + ", line " + number + ": " + what);
    }

    private int readLine() throws IOException {
      int length = 0;
      while (true) {
        if (position == limit) {
          limit = in.read(chunk, 0, chunk.length);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            if (length == 0) {
              return -1;
            }
            number++;
            throw new BackupProblem(
                file + ", line " + number + ": the last line does not end with a newline (truncated file?)");
          }
        }
        int start = position;
        while (position < limit && chunk[position] != '\n') {
          position++;
        }
        int count = position - start;
        if (length + count > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(chunk, start, line, length, count);
        length += count;
        if (position < limit) {
          position++; // the newline
          return length;
        }
      }
    }
  }

  /** A line or file that is not in the backup format; the message names the file and line. */
  static final class BackupProblem extends IOException {
    private static final long serialVersionUID = 1L;

    BackupProblem(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------ value header

  /** {schema version, offset of the document}, or null when the header is malformed. */
  static int[] readHeader(byte[] value) {
    if (value == null || value.length < 2 || (value[0] & 0xFF) != EntityCodec.FORMAT) {
      return null;
    }
    long version = 0;
    int position = 1;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (position >= value.length) {
        return null;
      }
      int b = value[position++] & 0xFF;
      version |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return version >= 1 && version <= Integer.MAX_VALUE ? new int[] {(int) version, position} : null;
      }
    }
    return null;
  }

  /** The header of a value of {@code version}: format byte, LEB128 version. */
  static byte[] header(int version) {
    byte[] bytes = new byte[6];
    bytes[0] = (byte) EntityCodec.FORMAT;
    int length = 1;
    int rest = version;
    while ((rest & ~0x7F) != 0) {
      bytes[length++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[length++] = (byte) rest;
    return Arrays.copyOf(bytes, length);
  }
}
