package io.kerasj.compat;

import static io.kerasj.compat.BadInputTest.bytes;
import static io.kerasj.compat.BadInputTest.text;
import static io.kerasj.compat.BadInputTest.utf8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Messages about hostile files stay short, printable and in kerasj's words: every value from the
 * file is cut and escaped ({@link Messages}), and what a library found wrong is said as what is
 * wrong with the file, never in the library's text ("newLimit > capacity: (96 > 56)"). The
 * hostile inputs are made here from the TensorFlow fixtures.
 */
class HostileMessagesTest {
  /** Control characters, a terminal escape, a bidirectional override, a forged line, and length. */
  static final String HOSTILE = "x\u0000\u001b[2J\u202e\nFORGED: all is well " + "a".repeat(20_000);
  // Library words that must not reach a message: exception class names and their texts.
  static final Pattern LIBRARY_TEXT = Pattern.compile(
      "Exception|newLimit|newPosition|capacity:|integer overflow|Global heap|jhdf|gson|setStrictness|LENIENT"
          + "|END header|invalid entry|\\(expected 0x");

  /** The message is bounded, holds no raw control character from the file, and cannot forge a line. */
  static void assertHarmless(KerasjException e, String what) {
    String m = e.getMessage();
    assertTrue(m.length() < 20_000, what + ": message of " + m.length() + " chars");
    assertFalse(m.contains("a".repeat(Messages.MAX_CHARS + 1)), what + ": a value was not cut");
    for (char c : m.toCharArray()) {
      assertTrue(c == '\n' || !Character.isISOControl(c), what + ": raw control character " + (int) c);
      assertTrue(c != '\u202e', what + ": raw bidirectional override");
    }
    assertFalse(m.contains("\nFORGED"), what + ": a value from the file started a line of its own");
  }

  static void assertOwnWords(KerasjException e) {
    assertFalse(LIBRARY_TEXT.matcher(e.getMessage()).find(), e.getMessage());
  }

  @Test
  void aSixteenMegabyteActivationNameGivesAShortMessage() throws Exception {
    String huge = "a".repeat(16 << 20);
    String json = text("lstm/k2_model.json").replaceFirst("\"activation\": \"tanh\"", "\"activation\": \"" + huge
        + "\"");
    KerasjException e = assertThrows(KerasjException.class,
        () -> KerasModels.load(utf8(json), bytes("lstm/k2_weights.h5"),
            LoadOptions.defaults().withMaxConfigBytes(64 << 20)));
    assertTrue(e.getMessage().contains("activation '" + "a".repeat(Messages.MAX_CHARS) + "…' (16777216 chars)"),
        e.getMessage().substring(0, Math.min(500, e.getMessage().length())));
    assertTrue(e.getMessage().length() < 2_000, "message of " + e.getMessage().length() + " chars");
  }

  /**
   * Every string and every key of real configs (Keras 2 and 3, Sequential and Functional), made
   * hostile one at a time: whatever fails, the message stays harmless.
   */
  @Test
  void everyStringAndKeyOfAConfigIsQuotedHarmlessly() throws Exception {
    String[][] models = {{"lstm/k2_model.json", "lstm/k2_weights.h5"}, {"lstm/k3_model.json", "lstm/k3.weights.h5"},
        {"ln_rnn/k3_model.json", "ln_rnn/k3.weights.h5"}};
    int refused = 0;
    for (String[] f : models) {
      String original = text(f[0]);
      byte[] weights = bytes(f[1]);
      int n = mutations(JsonParser.parseString(original)).size();
      for (int i = 0; i < n; i++) {
        JsonElement m = JsonParser.parseString(original);
        String where = mutations(m).get(i).apply();
        try {
          KerasModels.load(utf8(m.toString()), weights, LoadOptions.defaults());
        } catch (KerasjException e) {
          assertHarmless(e, f[0] + " with " + where);
          refused++;
        }
      }
    }
    assertTrue(refused > 100, "only " + refused + " hostile configs were refused");
  }

  /** The hostile value in a layer's name, class and option key reaches the message, cut and escaped. */
  @Test
  void namesClassesAndKeysAreShownCutAndEscaped() throws Exception {
    JsonObject m = JsonParser.parseString(text("lstm/k2_model.json")).getAsJsonObject();
    JsonObject lstm = m.getAsJsonObject("config").getAsJsonArray("layers").get(1).getAsJsonObject();
    lstm.getAsJsonObject("config").addProperty(HOSTILE, 1);
    KerasjException e = assertThrows(KerasjException.class,
        () -> KerasModels.load(utf8(m.toString()), bytes("lstm/k2_weights.h5"), LoadOptions.defaults()));
    assertHarmless(e, "hostile option key");
    assertTrue(e.getMessage().contains("option 'x\\x00\\x1b[2J\\u202e\\nFORGED: all is well aaa"), e.getMessage());
    assertTrue(e.getMessage().contains("…' (" + HOSTILE.length() + " chars) = 1 is not supported"), e.getMessage());
  }

  /** A file cut inside its superblock: jhdf reads past the end of its buffer. */
  @Test
  void aTruncatedHdf5FileIsCalledTruncatedNotABufferLimit() throws Exception {
    byte[] full = bytes("lstm/k2_full.h5");
    for (int cut : new int[] {20, 56, 95}) {
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> KerasModels.load(Arrays.copyOf(full, cut)));
      assertOwnWords(e);
      assertTrue(e.getMessage().contains("<bytes>: not a readable HDF5 file (a structure in the file points past its end: the file is corrupt)"), e.getMessage());
      assertTrue(e.getCause() != null, "the library's exception stays the cause");
    }
  }

  /** A dataset declaring a dimension beyond int: jhdf failed with "integer overflow". */
  @Test
  void anHdf5DimensionBeyondIntNamesTheDataset() throws Exception {
    byte[] b = bytes("lstm/k2_full.h5");
    // The first LSTM's kernel has shape (1, 80): a version-1 dataspace of rank 2 with max dims.
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int at = find(b, new long[] {0x0000000000010201L, 1, 80, 1, 80});
    assertTrue(at > 0, "the kernel's dataspace");
    bb.putLong(at + 8, (1L << 31) + 1).putLong(at + 24, (1L << 31) + 1);
    KerasjException e = assertThrows(KerasjException.class, () -> KerasModels.load(b));
    assertOwnWords(e);
    assertTrue(e.getMessage().contains("dataset '/model_weights/lstm/lstm/lstm_cell/kernel:0' has shape "
        + "[2147483649, 80], a dimension beyond 2^31 - 1"), e.getMessage());
  }

  @Test
  void aCorruptKerasArchiveIsDescribedInOurWords() throws Exception {
    byte[] full = bytes("lstm/k3.keras");
    int refused = 0;
    // Bytes inside entry data (after the first local header), one at a time: CRC and inflate errors.
    for (int at = 200; at < full.length - 200; at += full.length / 40) {
      byte[] b = full.clone();
      b[at] ^= 0x5a;
      try {
        KerasModels.load(b);
      } catch (KerasjException e) {
        assertOwnWords(e);
        refused++;
      }
    }
    assertTrue(refused > 10, "only " + refused + " corrupt archives were refused");
  }

  @Test
  void malformedJsonSaysWhereNotHowGsonWouldParseIt() throws Exception {
    byte[] w = bytes("lstm/k2_weights.h5");
    for (String json : new String[] {"{\"class_name\": \"Sequential\", \"config\": {", "{\"a\": 1,, }", "{\"a\" 1}"}) {
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> KerasModels.load(utf8(json), w, LoadOptions.defaults()));
      assertOwnWords(e);
      assertTrue(e.getMessage().matches("(?s).*malformed JSON \\(.* at line 1 column \\d+.*"), e.getMessage());
    }
  }

  // ---- mutations of a parsed config: each replaces one string value or one key with HOSTILE ----

  interface Mutation {
    /** Applies the mutation to the tree it was found in; returns where. */
    String apply();
  }

  static List<Mutation> mutations(JsonElement root) {
    List<Mutation> out = new ArrayList<>();
    collect(root, "$", out);
    return out;
  }

  private static void collect(JsonElement e, String path, List<Mutation> out) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (Map.Entry<String, JsonElement> m : new ArrayList<>(o.entrySet())) {
        String key = m.getKey();
        String p = path + "." + key;
        out.add(() -> {
          JsonElement v = o.remove(key);
          o.add(HOSTILE, v);
          return "key " + p;
        });
        JsonElement v = m.getValue();
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          out.add(() -> {
            o.add(key, new JsonPrimitive(HOSTILE));
            return "value " + p;
          });
        } else {
          collect(v, p, out);
        }
      }
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        int k = i;
        JsonElement v = a.get(i);
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          out.add(() -> {
            a.set(k, new JsonPrimitive(HOSTILE));
            return "value " + path + "[" + k + "]";
          });
        } else {
          collect(v, path + "[" + k + "]", out);
        }
      }
    }
  }

  /** The offset of the first run of the given little-endian 8-byte words, or -1. */
  static int find(byte[] b, long[] words) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    outer:
    for (int i = 0; i + 8 * words.length <= b.length; i++) {
      for (int w = 0; w < words.length; w++) {
        if (bb.getLong(i + 8 * w) != words[w]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
