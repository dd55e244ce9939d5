package io.kerasj.loader;

import io.kerasj.KerasjException;
import io.kerasj.loader.spi.CustomObjectsProvider;
import io.kerasj.loader.spi.PluginException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Finds {@link CustomObjectsProvider} plugins with {@link ServiceLoader} and adds their factories
 * to a registry. Every failure becomes a {@link PluginException} naming the plugin class and its
 * jar; the factories are wrapped so that a plugin's own bug is reported the same way rather than
 * as a bare library exception from deep inside a load.
 */
final class Plugins {
  private static final String SERVICE_FILE = "META-INF/services/" + CustomObjectsProvider.class.getName();

  private Plugins() {}

  static CustomObjects extend(CustomObjects base, ClassLoader loader) {
    Iterator<ServiceLoader.Provider<CustomObjectsProvider>> it =
        ServiceLoader.load(CustomObjectsProvider.class, loader).stream().iterator();
    Map<String, String> layerOwners = new HashMap<>();
    Map<String, String> cellOwners = new HashMap<>();
    CustomObjects r = base;
    while (true) {
      ServiceLoader.Provider<CustomObjectsProvider> p;
      Class<? extends CustomObjectsProvider> type;
      try {
        if (!it.hasNext()) {
          return r;
        }
        p = it.next();
        type = p.type();
      } catch (ServiceConfigurationError | LinkageError e) {
        // The JDK's message names the class listed in the services file.
        throw new PluginException("cannot load a kerasj plugin listed in " + SERVICE_FILE + ": " + describe(e), e);
      }
      String plugin = name(type);
      CustomObjectsProvider provider;
      Map<String, LayerFactory> layers;
      Map<String, CellFactory> cells;
      try {
        provider = p.get();
        layers = provider.layers();
        cells = provider.cells();
      } catch (ServiceConfigurationError e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new PluginException("kerasj plugin " + plugin + " could not be instantiated: " + describe(cause), e);
      } catch (RuntimeException | LinkageError e) {
        throw new PluginException("kerasj plugin " + plugin + " failed: " + describe(e), e);
      }
      for (Map.Entry<String, LayerFactory> e : entries(plugin, "layers", layers).entrySet()) {
        String cls = claim(plugin, "layer", e.getKey(), e.getValue(), layerOwners);
        r = r.withLayer(cls, guard(plugin, cls, e.getValue()));
      }
      for (Map.Entry<String, CellFactory> e : entries(plugin, "cells", cells).entrySet()) {
        String cls = claim(plugin, "cell", e.getKey(), e.getValue(), cellOwners);
        r = r.withCell(cls, guard(plugin, cls, e.getValue()));
      }
    }
  }

  private static <T> Map<String, T> entries(String plugin, String method, Map<String, T> m) {
    if (m == null) {
      throw new PluginException("kerasj plugin " + plugin + ": " + method + "() returned null; return an empty map"
          + " when the plugin has none");
    }
    return m;
  }

  private static String claim(String plugin, String kind, String cls, Object factory, Map<String, String> owners) {
    if (cls == null || cls.isEmpty()) {
      throw new PluginException("kerasj plugin " + plugin + " registers a " + kind + " factory under "
          + (cls == null ? "a null" : "an empty") + " class name");
    }
    if (factory == null) {
      throw new PluginException("kerasj plugin " + plugin + " registers a null factory for " + kind + " class '" + cls
          + "'");
    }
    String other = owners.putIfAbsent(cls, plugin);
    if (other != null) {
      throw new PluginException("kerasj plugins " + other + " and " + plugin + " both register " + kind + " class '"
          + cls + "'; remove one of them");
    }
    return cls;
  }

  private static LayerFactory guard(String plugin, String cls, LayerFactory f) {
    return (config, weights, inputShape, context) ->
        build(plugin, "layer", cls, config, () -> f.create(config, weights, inputShape, context));
  }

  private static CellFactory guard(String plugin, String cls, CellFactory f) {
    return (config, weights, inputSize, context) ->
        build(plugin, "cell", cls, config, () -> f.create(config, weights, inputSize, context));
  }

  private static <T> T build(String plugin, String kind, String cls, LayerConfig config, Supplier<T> factory) {
    T built;
    try {
      built = factory.get();
    } catch (KerasjException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(config.where() + ": kerasj plugin " + plugin + " failed to build " + kind + " class '"
          + cls + "': " + describe(e), e);
    }
    if (built == null) {
      throw new PluginException(config.where() + ": kerasj plugin " + plugin + " returned no " + kind + " for class '"
          + cls + "'");
    }
    return built;
  }

  /** The class name and, when the JVM tells, the jar or directory it came from. */
  private static String name(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        URL u = cs.getLocation();
        return type.getName() + " (from " + ("file".equals(u.getProtocol()) ? Path.of(u.toURI()) : u) + ")";
      }
    } catch (RuntimeException | URISyntaxException e) {
      // Informational only.
    }
    return type.getName();
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
