/**
 * kerasj's loader: Keras files ({@code .h5}, {@code .keras}, {@code to_json()} + weights) into a
 * runtime {@link io.kerasj.Model}; {@code .npy}/{@code .npz} I/O and test vectors.
 *
 * <p>Exports the API ({@code io.kerasj.loader}) and the plugin SPI ({@code io.kerasj.loader.spi});
 * the built-in layer factories ({@code io.kerasj.loader.layers}) are internal.
 */
module io.kerasj.loader {
  requires transitive io.kerasj.runtime;
  // LayerConfig.getJson hands custom factories Gson's JsonElement.
  requires transitive com.google.gson;
  requires io.jhdf;
  // jhdf is an automatic module and cannot say what it needs; these are its dependencies, required
  // here so that the module system resolves them.
  requires org.slf4j;
  requires org.apache.commons.lang3;
  requires com.ning.compress.lzf;

  exports io.kerasj.loader;
  exports io.kerasj.loader.spi;

  uses io.kerasj.loader.spi.CustomObjectsProvider;
}
