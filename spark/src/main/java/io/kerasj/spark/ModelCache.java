package io.kerasj.spark;

import io.kerasj.KerasjException;
import io.kerasj.Model;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The models parsed in this JVM (an executor, or the driver), keyed by the SHA-256 of their bytes
 * and the {@code LoadOptions} supplier they were loaded with. A loaded {@link Model} is immutable
 * and thread-safe, so every task of every job that scores with the same bytes shares one instance:
 * a model is parsed once per JVM, not once per task or partition. The bytes are fetched (from the
 * broadcast) only on a miss.
 *
 * <p>At most {@code -Dkerasj.spark.cachedModels} (default 4) models are kept; the least recently
 * used is dropped first (tasks still holding it keep using it).
 *
 * <p>Its first use in a JVM sets kerasj's intra-op threads to Spark's cores per task ({@link
 * TaskThreads}).
 */
final class ModelCache {
  static final int CAPACITY = Math.max(1, Integer.getInteger("kerasj.spark.cachedModels", 4));

  static {
    // Before this JVM's first model is loaded here, so before kerasj reads kerasj.threads, unless
    // the JVM ran kerasj before.
    TaskThreads.configure();
  }

  private static final AtomicLong PARSES = new AtomicLong();

  /** One model's slot: filled once, by the first task that needs it; the others wait for it. */
  private static final class Slot {
    private volatile Model model;

    Model get(String key, Supplier<ModelFile> file, String optionsClass) {
      Model m = model;
      if (m != null) {
        return m;
      }
      synchronized (this) {
        if (model == null) {
          model = parse(key, file.get(), optionsClass);
        }
        return model;
      }
    }
  }

  @SuppressWarnings("serial")
  private static final Map<String, Slot> SLOTS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
      return size() > CAPACITY;
    }
  };

  private ModelCache() {}

  /** The cache key of a model file loaded with the given options supplier. */
  static String key(ModelFile file, String optionsClass) {
    return file.sha256 + "|" + optionsClass;
  }

  /**
   * The model for {@code key}, parsed from {@code file.get()} on the first call in this JVM.
   *
   * @throws KerasjSparkException if the bytes do not hash to the key, cannot be parsed (the cause
   *     is the loader's exception), or hold a {@code stateful=True} model
   */
  static Model get(String key, Supplier<ModelFile> file, String optionsClass) {
    Slot slot;
    synchronized (SLOTS) {
      slot = SLOTS.computeIfAbsent(key, k -> new Slot());
    }
    return slot.get(key, file, optionsClass);
  }

  /** How many models this JVM has parsed since it started (a test and monitoring hook). */
  static long parses() {
    return PARSES.get();
  }

  private static Model parse(String key, ModelFile f, String optionsClass) {
    if (!key.equals(key(f, optionsClass))) {
      throw new KerasjSparkException(f.label() + ": the model bytes received (SHA-256 " + f.sha256
          + ") are not the ones the job was planned with (" + key + ")");
    }
    LoadOptions options = Options.create(optionsClass);
    Model m;
    try {
      m = f.weights == null ? KerasModels.load(f.model, options) : KerasModels.load(f.model, f.weights, options);
    } catch (KerasjException e) {
      // The loader names byte arrays "<bytes>"; put the file names the user gave back in.
      String msg = String.valueOf(e.getMessage()).replace("<config bytes>", f.modelPath)
          .replace("<weights bytes>", String.valueOf(f.weightsPath)).replace("<bytes>", f.modelPath);
      if (!msg.contains(f.modelPath)) {
        msg = f.label() + ": " + msg;
      }
      throw new KerasjSparkException(msg, e);
    }
    PARSES.incrementAndGet();
    if (m.isKerasStateful()) {
      throw new KerasjSparkException(f.label() + ": model '" + m.name() + "' has layers with stateful=True, whose"
          + " outputs depend on the rows scored before them; Spark scores rows in no fixed order, so it refuses"
          + " stateful models. Re-save the model with stateful=False (the same weights) to score rows"
          + " independently, or stream with io.kerasj.Session outside Spark");
    }
    return m;
  }

  /** Instantiates the {@code LoadOptions} supplier named by a {@link KerasModel#loadOptionsClass()} value. */
  static final class Options {
    private Options() {}

    static LoadOptions create(String className) {
      if (className == null || className.isEmpty()) {
        return LoadOptions.defaults();
      }
      Object supplier;
      try {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Class<?> c = Class.forName(className, true, cl != null ? cl : ModelCache.class.getClassLoader());
        supplier = c.getConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new KerasjSparkException("loadOptionsClass '" + className + "': cannot instantiate it (" + e
            + "); it must be a public class with a public no-argument constructor, on the executors' class path",
            e);
      }
      if (!(supplier instanceof Supplier)) {
        throw new KerasjSparkException("loadOptionsClass '" + className + "' does not implement"
            + " java.util.function.Supplier<io.kerasj.loader.LoadOptions>");
      }
      Object options = ((Supplier<?>) supplier).get();
      if (!(options instanceof LoadOptions)) {
        throw new KerasjSparkException("loadOptionsClass '" + className + "' supplied "
            + (options == null ? "null" : "a " + options.getClass().getName()) + ", not io.kerasj.loader.LoadOptions");
      }
      return (LoadOptions) options;
    }
  }
}
