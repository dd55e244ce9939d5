package io.kerasj.loader;

import io.kerasj.loader.layers.Builtins;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry of layer and cell factories by Keras class name: the Java twin of Keras'
 * {@code custom_objects}. Immutable; {@code with*} returns a new registry.
 *
 * <p>A name is matched against a serialized object's {@code registered_name} (e.g.
 * {@code "Custom>LNSimpleRNNCell"}), then against that name without its package prefix, then
 * against its {@code class_name}. Entries here take precedence over kerasj's built-in layers.
 *
 * <p>Plugins ({@link io.kerasj.loader.spi.CustomObjectsProvider}) add entries without code:
 * {@link #installed()} is what {@link LoadOptions#defaults()} uses.
 */
public final class CustomObjects {
  private static final CustomObjects EMPTY = new CustomObjects(Map.of(), Map.of());
  private static final CustomObjects DEFAULTS = EMPTY.withCell("LNSimpleRNNCell", Builtins.LN_SIMPLE_RNN_CELL);

  /** {@link #installed()}, once found; only a successful lookup is kept, so a broken plugin fails every load. */
  private static volatile CustomObjects installed;

  private final Map<String, LayerFactory> layers;
  private final Map<String, CellFactory> cells;

  private CustomObjects(Map<String, LayerFactory> layers, Map<String, CellFactory> cells) {
    this.layers = layers;
    this.cells = cells;
  }

  /** Only the built-in Keras layers. */
  public static CustomObjects empty() {
    return EMPTY;
  }

  /** The built-ins plus the chapter-15 {@code LNSimpleRNNCell}. */
  public static CustomObjects defaults() {
    return DEFAULTS;
  }

  /**
   * The {@linkplain #defaults() defaults} plus every plugin ({@link
   * io.kerasj.loader.spi.CustomObjectsProvider}) visible to the class loader that loaded kerasj:
   * what {@link LoadOptions#defaults()} loads with. kerasj's own class loader rather than the
   * thread's context class loader, so that the result is the same on every thread and can be kept:
   * plugins are looked up at the first call and the registry is reused (a failed lookup is not kept).
   * For plugins in another class loader use {@link #withPlugins(ClassLoader)}.
   *
   * @throws io.kerasj.loader.spi.PluginException if a plugin cannot be loaded or registers invalid
   *     or conflicting names
   */
  public static CustomObjects installed() {
    CustomObjects r = installed;
    if (r == null) {
      synchronized (CustomObjects.class) {
        r = installed;
        if (r == null) {
          r = DEFAULTS.withPlugins(CustomObjects.class.getClassLoader());
          installed = r;
        }
      }
    }
    return r;
  }

  /**
   * A registry that also holds the factories of every plugin ({@link
   * io.kerasj.loader.spi.CustomObjectsProvider}) that {@link java.util.ServiceLoader} finds through
   * {@code loader} (which includes its parents), taking precedence over this registry's entries.
   * Looks the plugins up on each call.
   *
   * @param loader where to look, e.g. a {@link java.net.URLClassLoader} over plugin jars; {@code
   *     null} means the system class loader
   * @throws io.kerasj.loader.spi.PluginException if a plugin cannot be loaded or instantiated,
   *     returns {@code null} maps or names, or two plugins register the same class name
   */
  public CustomObjects withPlugins(ClassLoader loader) {
    return Plugins.extend(this, loader);
  }

  /** A registry that also builds layers of class {@code className} with {@code factory}. */
  public CustomObjects withLayer(String className, LayerFactory factory) {
    Map<String, LayerFactory> m = new HashMap<>(layers);
    m.put(requireName(className), java.util.Objects.requireNonNull(factory, "factory"));
    return new CustomObjects(Map.copyOf(m), cells);
  }

  /** A registry that also builds RNN cells of class {@code className} with {@code factory}. */
  public CustomObjects withCell(String className, CellFactory factory) {
    Map<String, CellFactory> m = new HashMap<>(cells);
    m.put(requireName(className), java.util.Objects.requireNonNull(factory, "factory"));
    return new CustomObjects(layers, Map.copyOf(m));
  }

  private static String requireName(String n) {
    if (n == null || n.isEmpty()) {
      throw new IllegalArgumentException("class name must not be empty");
    }
    return n;
  }

  /**
   * A Keras 3 op node is looked up by its module and class ({@code
   * "keras.src.ops.numpy.Add"}), never by the class alone, so that the {@code Add} op and the
   * {@code Add} layer cannot be confused.
   */
  LayerFactory layer(LayerConfig c) {
    if (c.isOpNode()) {
      LayerFactory f = layers.get(opName(c));
      return f != null ? f : Builtins.op(c);
    }
    LayerFactory f = lookup(layers, c);
    return f != null ? f : lookup(Builtins.LAYERS, c);
  }

  /** An op node's name in this registry: its module and class (the class alone in legacy {@code .h5}). */
  static String opName(LayerConfig c) {
    return c.module() == null ? c.className() : c.module() + "." + c.className();
  }

  CellFactory cell(LayerConfig c) {
    CellFactory f = lookup(cells, c);
    return f != null ? f : lookup(Builtins.CELLS, c);
  }

  /** Whether kerasj's own factory builds {@code c} (so its nested layers are known: {@link Builtins#NESTED}). */
  boolean isBuiltin(LayerConfig c, boolean cell) {
    if (!cell && c.isOpNode()) {
      return layers.get(opName(c)) == null && Builtins.op(c) != null;
    }
    return cell ? lookup(cells, c) == null && lookup(Builtins.CELLS, c) != null
        : lookup(layers, c) == null && lookup(Builtins.LAYERS, c) != null;
  }

  private static <T> T lookup(Map<String, T> m, LayerConfig c) {
    String rn = c.registeredName();
    if (rn != null) {
      T f = m.get(rn);
      if (f == null && rn.indexOf('>') >= 0) {
        f = m.get(rn.substring(rn.lastIndexOf('>') + 1));
      }
      if (f != null) {
        return f;
      }
    }
    String cn = c.className();
    T f = m.get(cn);
    if (f == null && cn.indexOf('>') >= 0) {
      f = m.get(cn.substring(cn.lastIndexOf('>') + 1));
    }
    return f;
  }
}
