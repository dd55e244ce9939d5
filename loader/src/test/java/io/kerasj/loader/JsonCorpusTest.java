package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kerasj.ModelFormatException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * kerasj's JSON parser against Python's {@code json.loads}: {@code json-corpus.json} holds byte
 * strings and what {@code json.loads} made of each (recorded by
 * {@code compat-tests/python/generate_malformed_corpus.py --only json}). A string Python refuses
 * must be refused; one it reads must give the same values, types included (int or float, the
 * float's exact bits, strings with lone surrogates, the last of duplicate keys).
 */
class JsonCorpusTest {
  static JsonArray cases() throws Exception {
    try (InputStream in = JsonCorpusTest.class.getResourceAsStream("json-corpus.json")) {
      // The manifest is read with Gson, not with the parser under test.
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
          .getAsJsonArray("cases");
    }
  }

  @TestFactory
  Stream<DynamicTest> agreesWithJsonLoads() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement c : cases()) {
      JsonObject o = c.getAsJsonObject();
      String id = o.get("id").getAsString();
      byte[] bytes = HexFormat.of().parseHex(o.get("hex").getAsString());
      boolean asText = o.get("mode").getAsString().equals("str");
      JsonObject python = o.getAsJsonObject("python");
      tests.add(DynamicTest.dynamicTest(id, () -> {
        JsonElement parsed;
        try {
          parsed = asText ? StrictJson.parse(new String(bytes, StandardCharsets.UTF_8), 255)
              : StrictJson.parse(bytes, 255);
        } catch (StrictJson.SyntaxError e) {
          if (python.get("ok").getAsBoolean()) {
            fail(id + ": json.loads reads it, kerasj refuses: " + e.getMessage());
          }
          return;
        }
        if (!python.get("ok").getAsBoolean()) {
          fail(id + ": json.loads refuses it (" + python.get("error").getAsString() + "), kerasj reads " + parsed);
        }
        assertEquals(python.get("value"), typed(parsed), id);
      }));
    }
    assertTrue(tests.size() > 50, "the corpus is there: " + tests.size());
    return tests.stream();
  }

  /** The same description of a value as the generator's typed(): ints exactly, floats as IEEE bits. */
  static JsonElement typed(JsonElement e) {
    JsonArray t = new JsonArray();
    if (e.isJsonNull()) {
      t.add("null");
    } else if (e.isJsonObject()) {
      t.add("dict");
      JsonArray members = new JsonArray();
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        JsonArray kv = new JsonArray();
        kv.add(m.getKey());
        kv.add(typed(m.getValue()));
        members.add(kv);
      }
      t.add(members);
    } else if (e.isJsonArray()) {
      t.add("list");
      JsonArray items = new JsonArray();
      e.getAsJsonArray().forEach(x -> items.add(typed(x)));
      t.add(items);
    } else if (e.getAsJsonPrimitive().isBoolean()) {
      t.add("bool");
      t.add(e.getAsBoolean());
    } else if (e.getAsJsonPrimitive().isString()) {
      t.add("str");
      t.add(e.getAsString());
    } else {
      String text = e.getAsString();
      boolean integral = text.chars().allMatch(ch -> ch == '-' || ch >= '0' && ch <= '9');
      if (integral) {
        t.add("int");
        t.add(new BigInteger(text).toString());
      } else {
        t.add("float");
        t.add(Long.toString(Double.doubleToRawLongBits(Double.parseDouble(text))));
      }
    }
    return t;
  }

  @Test
  void loaderReportsMalformedJsonWithThePosition() {
    ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
        () -> Loader.parseJson("cfg.json", "{\"a\": 1,\n 'b': 2}".getBytes(StandardCharsets.UTF_8),
            LoadOptions.defaults()));
    assertTrue(e.getMessage().startsWith("cfg.json: malformed JSON (expecting a property name enclosed in double"
        + " quotes at line 2 column 2"), e.getMessage());
  }

  @Test
  void configSizeLimitIsCheckedBeforeParsing() {
    byte[] big = ("{\"a\": \"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
    ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
        () -> Loader.parseJson("cfg.json", big, LoadOptions.defaults().withMaxConfigBytes(1000)));
    assertTrue(e.getMessage().contains("2009 bytes, more than the limit of 1000 (LoadOptions.withMaxConfigBytes)"),
        e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
        () -> Loader.parseJson("h5 (model_config)", new String(big, StandardCharsets.UTF_8),
            LoadOptions.defaults().withMaxConfigBytes(1000)));
    assertTrue(e.getMessage().contains("LoadOptions.withMaxConfigBytes"), e.getMessage());
  }

  @Test
  void numbersReadAsGsonReadThem() {
    JsonArray a = StrictJson.parse("[7, 2.5, 1e400, NaN, -Infinity, 12345678901]".getBytes(StandardCharsets.UTF_8), 8)
        .getAsJsonArray();
    assertEquals(7, a.get(0).getAsInt());
    assertEquals("2.5", a.get(1).getAsString());
    assertEquals(Double.POSITIVE_INFINITY, a.get(2).getAsDouble());
    assertTrue(Double.isNaN(a.get(3).getAsDouble()));
    assertEquals(Double.NEGATIVE_INFINITY, a.get(4).getAsDouble());
    assertEquals(12345678901L, a.get(5).getAsLong());
    assertTrue(a.get(3).getAsJsonPrimitive().isNumber(), "NaN is a number, as in Python");
    // Messages print config values through Gson; non-finite numbers must print, not throw.
    assertEquals("[7,2.5,1e400,NaN,-Infinity,12345678901]", a.toString());
  }
}
