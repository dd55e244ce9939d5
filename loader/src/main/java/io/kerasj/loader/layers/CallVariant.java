package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.layers.Layer;
import java.util.Map;

/**
 * The layer that runs a later call of a built layer whose call options differ from its first
 * call's: Keras calls one layer object both ways (ReversibleEmbedding's lookup and its {@code
 * reverse=True} projection), kerasj runs a view of it ({@link Layer#owner()} is the built layer).
 *
 * <p>Internal: not part of kerasj's API.
 */
@FunctionalInterface
public interface CallVariant {
  /**
   * @param built the layer the first call built
   * @param options the later call's non-tensor keyword arguments, as {@code LayerConfig.callOption}
   *     would give them
   * @param where the layer, for messages
   * @return the layer that runs the call, or {@code null} if these options are not a variant the
   *     class has (the loader then refuses the call)
   */
  Layer of(Layer built, Map<String, JsonElement> options, String where);
}
