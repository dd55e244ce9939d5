package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.KerasjException;
import io.kerasj.ModelFormatException;
import io.kerasj.UnsupportedFeatureException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loader's promises about untrusted files, in one place (see {@code SECURITY.md}): only
 * {@link KerasjException}s leave the loader, no code stored in a model file is ever run, and
 * layer names are unambiguous.
 */
final class Safety {
  /**
   * The prefix of the message of an exception that wraps a failure the loader did not anticipate.
   * It is a bug in kerasj: the fuzz tests fail on it, and users are asked to report it.
   */
  static final String INTERNAL = "internal error while reading the model (please report it as a kerasj bug)";

  private Safety() {}

  /**
   * Runs a load and turns any throwable other than a {@link KerasjException} into a {@link
   * ModelFormatException} naming the file: the last line of defence, so that a caller that
   * catches {@link KerasjException} is never surprised by a library's exception on a hostile
   * file. Every anticipated failure is already reported with a precise message further down.
   */
  static <T> T guard(String label, Supplier<T> load) {
    try {
      return load.get();
    } catch (KerasjException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      // A single allocation beyond the heap fails without harming the rest of it.
      throw new Unanticipated(label + ": out of memory while loading (" + Hdf.describe(e)
          + "); lower the limits in LoadOptions or raise the heap", e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new Unanticipated(label + ": " + INTERNAL + ": " + Hdf.describe(e), e);
    }
  }

  /**
   * What {@link #guard} throws: a {@link ModelFormatException} to callers, and a distinct class so
   * that the fuzz tests can tell an unanticipated failure from an anticipated one.
   */
  static final class Unanticipated extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    Unanticipated(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Refuses two layers of one model with the same name: their weights would be ambiguous. */
  static void checkUniqueNames(String label, List<LayerConfig> specs) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      Integer first = seen.putIfAbsent(specs.get(i).name(), i);
      if (first != null) {
        throw new ModelFormatException(label + ": layers " + first + " and " + i + " are both named '"
            + specs.get(i).name() + "' (" + specs.get(first).className() + ", " + specs.get(i).className()
            + "); layer names must be unique, as Keras itself requires");
      }
    }
  }

  /**
   * Refuses an object that carries Python code: a {@code Lambda} layer (Keras 2 stores its function
   * as marshalled bytecode with {@code function_type: "lambda"}, Keras 3 as a {@code __lambda__}
   * object with base64 bytecode), or any option anywhere in the config holding such a function.
   * kerasj never runs code from a model file, and a model without the function's math would be
   * silently wrong, so the load fails and says how to replace it.
   *
   * @param where the message prefix naming the file and the layer
   */
  static void refuseCode(String where, String className, JsonObject serialized) {
    if (className.equals("Lambda") || className.equals("__lambda__")) {
      throw new UnsupportedFeatureException(where + ": a Lambda layer stores Python code (marshalled bytecode) "
          + "in the model file, and kerasj never runs code from a model file. " + HOW_TO_REPLACE);
    }
    String path = findCode(serialized, "", 0);
    if (path != null) {
      throw new UnsupportedFeatureException(where + ": option '" + path + "' holds a Python function or a Lambda "
          + "layer (code stored in the model file as marshalled bytecode), and kerasj never runs code from a model "
          + "file. " + HOW_TO_REPLACE);
    }
  }

  private static final String HOW_TO_REPLACE = "Replace it in Python with a custom layer class (a keras.layers.Layer "
      + "subclass registered with @keras.saving.register_keras_serializable, whose get_config() holds only "
      + "plain options), re-save the model, and give kerasj the same computation in Java with "
      + "LoadOptions.defaults().withCustomObjects(CustomObjects.defaults().withLayer(\"YourLayer\", factory))";

  /** The JSON path of the first code-bearing object below {@code e}, or {@code null}. */
  private static String findCode(JsonElement e, String path, int depth) {
    // The parser's nesting limit bounds the depth; this guard only keeps a bad limit from
    // turning into a StackOverflowError.
    if (depth > 1_000) {
      throw new ModelFormatException("config nested deeper than 1000 levels at '" + path + "'");
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      JsonElement cn = o.get("class_name");
      if (cn != null && cn.isJsonPrimitive() && cn.getAsString().equals("__lambda__")) {
        return path.isEmpty() ? "(root)" : path;
      }
      if (cn != null && cn.isJsonPrimitive() && cn.getAsString().equals("Lambda")) {
        JsonElement c = o.get("config");
        JsonElement n = c != null && c.isJsonObject() ? c.getAsJsonObject().get("name") : null;
        return path + " (the Lambda layer" + (n != null && n.isJsonPrimitive() ? " '" + n.getAsString() + "'" : "") + ")";
      }
      JsonElement ft = o.get("function_type");
      if (ft != null && ft.isJsonPrimitive() && ft.getAsString().equals("lambda")) {
        return join(path, "function");
      }
      JsonElement ost = o.get("output_shape_type");
      if (ost != null && ost.isJsonPrimitive() && ost.getAsString().equals("lambda")) {
        return join(path, "output_shape");
      }
      for (Map.Entry<String, JsonElement> m : o.entrySet()) {
        String p = findCode(m.getValue(), join(path, m.getKey()), depth + 1);
        if (p != null) {
          return p;
        }
      }
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        String p = findCode(a.get(i), path + "[" + i + "]", depth + 1);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
