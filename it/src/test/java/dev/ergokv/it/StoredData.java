package dev.ergokv.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.tikv.common.TiSession;
import org.tikv.kvproto.Kvrpcpb.KvPair;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * What a keyspace holds in TiKV, read with the plain client (not through ErgoKV): one line per
 * key, in key order, {@code <key hex> <value hex>  # <key, printable>}, with the keyspace prefix
 * cut off so dumps of different keyspaces compare.
 */
final class StoredData {

  private static final HexFormat HEX = HexFormat.of();

  private StoredData() {}

  static List<String> dump(TiSession session, String keyspace) {
    byte[] prefix = keyspacePrefix(keyspace);
    List<String> lines = new ArrayList<>();
    Iterator<KvPair> pairs = session.createSnapshot().scanPrefix(ByteString.copyFrom(prefix));
    while (pairs.hasNext()) {
      KvPair pair = pairs.next();
      byte[] key = pair.getKey().toByteArray();
      byte[] rest = new byte[key.length - prefix.length];
      System.arraycopy(key, prefix.length, rest, 0, rest.length);
      lines.add(
          HEX.formatHex(rest)
              + " "
              + HEX.formatHex(pair.getValue().toByteArray())
              + "  # "
              + printable(rest));
    }
    return lines;
  }

  /**
   * The keyspace as the first key component (docs/mapping.md): string tag 0x20, the UTF-8 bytes
   * with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01.
   */
  static byte[] keyspacePrefix(String keyspace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x20);
    for (byte b : keyspace.getBytes(UTF_8)) {
      out.write(b);
      if (b == 0) {
        out.write(0xFF);
      }
    }
    out.write(0x00);
    out.write(0x01);
    return out.toByteArray();
  }

  /** The layout tag of a dumped line's key ('E', 'U', 'I', ...). */
  static char tag(String line) {
    return (char) HEX.parseHex(line, 0, 2)[0];
  }

  private static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 0x21 && c < 0x7F && c != '\\') {
        text.append((char) c);
      } else {
        text.append(String.format("\\x%02x", c));
      }
    }
    return text.toString();
  }
}
