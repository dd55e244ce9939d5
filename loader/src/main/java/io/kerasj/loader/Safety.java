package io.kerasj.loader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kerasj.KerasjException;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
    } catch (KerasjException | Source.TempFileFailure e) {
      // A temporary file that cannot be written is the caller's I/O failure (KerasModels rethrows
      // it as the IOException it is), not the file's fault nor kerasj's.
      throw e;
    } catch (InternalError e) {
      // What the JVM throws when a mapped file (Source) shrinks while it is read: a page beyond the
      // new end faults. The file changed under the load; nothing the file itself says is wrong.
      throw new ModelFormatException(label + ": the file could not be read (" + e.getClass().getSimpleName() + ": "
          + Messages.snippet(String.valueOf(e.getMessage())) + "); was it truncated or replaced while it was loaded?", e);
    } catch (OutOfMemoryError e) {
      // A single allocation beyond the heap fails without harming the rest of it.
      throw new Unanticipated(label + ": out of memory while loading; lower the limits in LoadOptions or raise "
          + "the heap", e);
    } catch (RuntimeException | StackOverflowError e) {
      // Our own bug, not the file's fault: the exception's own text is what a bug report needs.
      String m = e.getMessage();
      throw new Unanticipated(label + ": " + INTERNAL + ": " + e.getClass().getName()
          + (m == null ? "" : ": " + Messages.snippet(m)), e);
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
        throw new ModelFormatException(label + ": layers " + first + " and " + i + " are both named "
            + Messages.quote(specs.get(i).name()) + " (" + Messages.snippet(specs.get(first).className()) + ", "
            + Messages.snippet(specs.get(i).className()) + "); layer names must be unique, as Keras itself requires");
      }
    }
  }

  /**
   * Refuses an object that carries Python code: a {@code Lambda} layer (Keras 2 stores its function
   * as marshalled bytecode with {@code function_type: "lambda"}, Keras 3 as a {@code __lambda__}
   * object with base64 bytecode), or any option anywhere in the config holding such a function.
   * kerasj never runs code from a model file, and a model without the function's math would be
   * silently wrong, so the load fails, names the layer and says how to replace it ({@link
   * #HOW_TO_REPLACE}). A factory registered as {@code "Lambda"} does not change this.
   *
   * @param source the file, for messages
   * @param where the message prefix naming the file and this object
   * @param refuse takes the message of each code-bearing object found (and may throw)
   */
  static void refuseCode(String source, String where, String className, JsonObject serialized,
                         Consumer<String> refuse) {
    if (isCode(className)) {
      refuse.accept(where + ": a Lambda layer stores Python code (marshalled bytecode) in the model file, and kerasj "
          + "never runs code from a model file");
      return;
    }
    JsonElement config = serialized.get("config");
    if (config != null) {
      findCode(source, where, config, "", 0, refuse);
    }
  }

  /** Whether a class name is Keras' for code stored in the file. */
  static boolean isCode(String className) {
    return className.equals("Lambda") || className.equals("__lambda__");
  }

  static final String HOW_TO_REPLACE = "Replace it in Python with a custom layer class (a keras.layers.Layer "
      + "subclass registered with @keras.saving.register_keras_serializable, whose get_config() holds only "
      + "plain options), re-save the model, and give kerasj the same computation: "
      + UnsupportedReport.registerHint("withLayer", "YourLayer");

  /**
   * Throws if a code-bearing object is below {@code e}; {@code where} names the innermost layer
   * around it (nested layers, e.g. in a Sequential's list, are named by their own config name).
   */
  private static void findCode(String source, String where, JsonElement e, String path, int depth,
                               Consumer<String> refuse) {
    // The parser's nesting limit bounds the depth; this guard only keeps a bad limit from
    // turning into a StackOverflowError.
    if (depth > 1_000) {
      throw new ModelFormatException(where + ": config nested deeper than 1000 levels at " + Messages.quote(path));
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      String cls = string(o.get("class_name"));
      JsonElement cfg = o.get("config");
      String name = cfg != null && cfg.isJsonObject() ? string(cfg.getAsJsonObject().get("name")) : null;
      if (cls != null && name != null && !cls.equals("__lambda__")) {
        // A nested serialized layer: report against it, with paths relative to its config.
        String cn = cls.substring(cls.lastIndexOf('>') + 1);
        refuseCode(source, LayerConfig.where(source, name, cn), cn, o, refuse);
        return;
      }
      if ("__lambda__".equals(cls)) {
        refuse.accept(code(where, path.isEmpty() ? "(root)" : path));
        return;
      }
      if ("lambda".equals(string(o.get("function_type")))) {
        refuse.accept(code(where, join(path, "function")));
      }
      if ("lambda".equals(string(o.get("output_shape_type")))) {
        refuse.accept(code(where, join(path, "output_shape")));
      }
      for (Map.Entry<String, JsonElement> m : o.entrySet()) {
        findCode(source, where, m.getValue(), join(path, m.getKey()), depth + 1, refuse);
      }
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        findCode(source, where, a.get(i), path + "[" + i + "]", depth + 1, refuse);
      }
    }
  }

  private static String code(String where, String path) {
    return where + ": option " + Messages.quote(path) + " holds a Python function (code stored in the model file as "
        + "marshalled bytecode), and kerasj never runs code from a model file";
  }

  private static String string(JsonElement e) {
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
