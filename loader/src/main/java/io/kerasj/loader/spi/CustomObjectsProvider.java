package io.kerasj.loader.spi;

import io.kerasj.loader.CellFactory;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.LayerFactory;
import java.util.Map;

/**
 * A kerasj plugin: contributes factories for Keras layer and cell classes kerasj has no built-in
 * for, the JVM twin of passing {@code custom_objects} to Keras' {@code load_model}. Published
 * through {@link java.util.ServiceLoader}: a jar lists its implementations, one fully qualified
 * class name a line, in {@code META-INF/services/io.kerasj.loader.spi.CustomObjectsProvider}
 * (or, in a named module, with {@code provides io.kerasj.loader.spi.CustomObjectsProvider with
 * ...}). An implementation needs a public no-argument constructor.
 *
 * <p>Where plugins are found:
 *
 * <ul>
 *   <li>{@link io.kerasj.loader.KerasModels#load} with {@link io.kerasj.loader.LoadOptions#defaults()
 *       default options} uses {@link CustomObjects#installed()}: the plugins visible to the class
 *       loader that loaded kerasj, so a plugin jar on the same class path (or in the same fat jar,
 *       web application or Spark job jar) is picked up without code. They are looked up once,
 *       at the first load, and kept for the life of kerasj's class loader.
 *   <li>The command line's {@code --plugin JAR} (repeatable) adds jars for one command.
 *   <li>Plugins in another class loader (an application server's child loader, a jar added at run
 *       time): {@code LoadOptions.defaults().withCustomObjects(CustomObjects.defaults().withPlugins(loader))}.
 * </ul>
 *
 * <p>A class name is matched as {@link CustomObjects} matches it: the serialized
 * {@code registered_name} (e.g. {@code "my_package>MyCell"}), then that name without its package
 * prefix, then {@code class_name}; so registering {@code "MyCell"} covers a class saved with
 * {@code @keras.saving.register_keras_serializable(package="my_package")}. Plugin entries take
 * precedence over kerasj's built-in layers of the same name; two plugins registering the same name
 * are refused as ambiguous.
 *
 * <p>Errors are reported as {@link PluginException}, naming the plugin class and where it was
 * loaded from: a provider that cannot be loaded or instantiated, maps that are {@code null} or hold
 * {@code null} or empty names, and a factory that throws anything but a
 * {@link io.kerasj.KerasjException} or returns {@code null}. A factory should read every config
 * option that changes the math (unread options are refused as unsupported) and throw
 * {@code KerasjException} subclasses for bad files.
 *
 * <p>Example, for a cell {@code h = tanh(x·kernel + h_prev·recurrent_kernel)}:
 *
 * <pre>{@code
 * public final class MyPlugin implements CustomObjectsProvider {
 *   public Map<String, CellFactory> cells() {
 *     return Map.of("MinimalRNNCell", (config, weights, inputSize, context) -> {
 *       int units = config.getInt("units");
 *       return new SimpleRNNCell(config.name(), inputSize, units,
 *           weights.next("kernel", inputSize, units), weights.next("recurrent_kernel", units, units),
 *           null, Activation.TANH);
 *     });
 *   }
 * }
 * }</pre>
 */
public interface CustomObjectsProvider {
  /**
   * Factories for layer classes, by Keras class name; read once per discovery.
   *
   * @return a map, possibly empty, never {@code null}
   */
  default Map<String, LayerFactory> layers() {
    return Map.of();
  }

  /**
   * Factories for recurrent cell classes (the {@code cell} of a Keras {@code RNN} layer), by Keras
   * class name; read once per discovery.
   *
   * @return a map, possibly empty, never {@code null}
   */
  default Map<String, CellFactory> cells() {
    return Map.of();
  }
}
