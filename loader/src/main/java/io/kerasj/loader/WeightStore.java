package io.kerasj.loader;

import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Where a model's top-level layers find their weights, in one of Keras' two HDF5 layouts. */
abstract class WeightStore {
  final String label;
  // Shared by every layer of the model, so that the total weight size is bounded too.
  LayerWeights.Budget budget = LayerWeights.Budget.unlimited();

  WeightStore(String label) {
    this.label = label;
  }

  /** Applies the weight-size limits of {@code options} to every layer's weights. */
  void limit(LoadOptions options) {
    budget = new LayerWeights.Budget(options.maxWeightElements(), options.maxTotalWeightElements());
  }

  /** The weights of the next top-level layer (called in model order). */
  abstract LayerWeights forLayer(String name, String className);

  /** Fails if the file holds weights for layers the config does not have. */
  abstract void checkAllClaimed();

  /** The weights of a model nested as a layer (called in model order, like {@link #forLayer}). */
  abstract WeightStore nested(String name, String className);

  /**
   * Legacy HDF5 ({@code model.save("m.h5")}, Keras 2 {@code save_weights("w.h5")}): a group per
   * layer name listed in {@code layer_names}, each with {@code weight_names} in creation order.
   * Both are HDF5 paths below their group, as Keras reads them with h5py's {@code group[name]}: a
   * tf-keras layer named {@code conv1/conv} (DenseNet, MobileNetV3) is the group {@code conv1}
   * holding the group {@code conv}.
   */
  static final class Legacy extends WeightStore {
    private final Group root;
    private final Map<String, List<String>> weightNames = new LinkedHashMap<>();
    private final Set<String> claimed = new TreeSet<>();

    Legacy(String label, Group root) {
      super(label);
      this.root = root;
      List<String> layers = Hdf.stringList(label, root, "layer_names");
      if (layers == null) {
        throw new ModelFormatException(label + ": HDF5 group " + Messages.quote(root.getPath())
            + " has no 'layer_names' attribute");
      }
      for (String l : layers) {
        Node g = Hdf.path(label, root, l);
        if (!(g instanceof Group)) {
          throw new ModelFormatException(label + ": layer_names lists " + Messages.quote(l) + " but there is no group "
              + Messages.quote(root.getPath() + (root.getPath().endsWith("/") ? "" : "/") + l));
        }
        List<String> w = Hdf.stringList(label, g, "weight_names");
        weightNames.put(l, w == null ? List.of() : w);
      }
    }

    @Override
    LayerWeights forLayer(String name, String className) {
      List<String> names = weightNames.get(name);
      if (names == null) {
        return new LayerWeights.Legacy(label, name, null, List.of()).withBudget(budget);
      }
      claimed.add(name);
      return new LayerWeights.Legacy(label, name, (Group) Hdf.path(label, root, name), names).withBudget(budget);
    }

    @Override
    WeightStore nested(String name, String className) {
      LayerWeights.Legacy all = (LayerWeights.Legacy) forLayer(name, className);
      return new Flat(label, all);
    }

    @Override
    void checkAllClaimed() {
      List<String> left = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : weightNames.entrySet()) {
        if (!e.getValue().isEmpty() && !claimed.contains(e.getKey())) {
          left.add(e.getKey());
        }
      }
      if (!left.isEmpty()) {
        throw new ShapeMismatchException(label + ": the file holds weights for layers the model config does not have: "
            + Messages.list(left) + " (config and weights from different models?)");
      }
    }
  }

  /**
   * A nested model in a legacy file: one {@code weight_names} list for all its layers, consumed in
   * order by each sublayer in turn.
   */
  static final class Flat extends WeightStore {
    private final LayerWeights.Legacy all;

    Flat(String label, LayerWeights.Legacy all) {
      super(label);
      this.all = all;
    }

    @Override
    LayerWeights forLayer(String name, String className) {
      return all.view(name);
    }

    @Override
    WeightStore nested(String name, String className) {
      return this;
    }

    @Override
    void checkAllClaimed() {
      all.checkAllUsed();
    }
  }

  /**
   * Keras 3 ({@code model.weights.h5} in a {@code .keras} archive, {@code save_weights("w.weights.h5")}):
   * layers are addressed by position, {@code layers/<snake_case(class)>[_k]}, with a counter per class.
   */
  static final class V3 extends WeightStore {
    private final Group layersGroup;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> claimed = new TreeSet<>();

    V3(String label, Group root) {
      super(label);
      Node l = root == null ? null : Hdf.child(label, root, "layers");
      if (l == null && root != null) {
        l = Hdf.child(label, root, "_layer_checkpoint_dependencies");
      }
      this.layersGroup = l instanceof Group ? (Group) l : null;
    }

    @Override
    LayerWeights forLayer(String name, String className) {
      String key = nextKey(className);
      Node g = layersGroup == null ? null : Hdf.child(label, layersGroup, key);
      if (g instanceof Group) {
        claimed.add(key);
      }
      return new LayerWeights.V3(label, name, g instanceof Group ? (Group) g : null).withBudget(budget);
    }

    @Override
    WeightStore nested(String name, String className) {
      String key = nextKey(className);
      Node g = layersGroup == null ? null : Hdf.child(label, layersGroup, key);
      if (g instanceof Group) {
        claimed.add(key);
      }
      V3 store = new V3(label, g instanceof Group ? (Group) g : null);
      store.budget = budget;
      return store;
    }

    // Keras names the group after the Python class, which differs from the name the config records
    // for a class exported under another name.
    private static final Map<String, String> PYTHON_CLASS = Map.of("GroupQueryAttention", "GroupedQueryAttention");

    private String nextKey(String className) {
      String base = snakeCase(PYTHON_CLASS.getOrDefault(className, className));
      int k = counters.merge(base, 1, Integer::sum) - 1;
      return k == 0 ? base : base + "_" + k;
    }

    @Override
    void checkAllClaimed() {
      if (layersGroup == null) {
        return;
      }
      List<String> left = new ArrayList<>();
      for (String key : new TreeSet<>(childNames())) {
        if (!claimed.contains(key)) {
          Node n = Hdf.child(label, layersGroup, key);
          if (n instanceof Group && hasDatasets((Group) n)) {
            left.add(key);
          }
        }
      }
      if (!left.isEmpty()) {
        throw new ShapeMismatchException(label + ": the weights file holds weights for layers the model config does not have: "
            + Messages.list(left) + " (config and weights from different models?)");
      }
    }

    private Set<String> childNames() {
      try {
        return layersGroup.getChildren().keySet();
      } catch (RuntimeException e) {
        throw new ModelFormatException(label + ": cannot list " + Messages.quote(layersGroup.getPath()) + " ("
            + Hdf.describe(e) + ")", e);
      }
    }

    private boolean hasDatasets(Group g) {
      return hasDatasets(g, 0);
    }

    private boolean hasDatasets(Group g, int depth) {
      // A hard link to an ancestor would recurse forever.
      if (depth > LayerWeights.V3.MAX_GROUP_DEPTH) {
        throw new ModelFormatException(label + ": HDF5 groups nested deeper than " + LayerWeights.V3.MAX_GROUP_DEPTH
            + " at " + Messages.quote(g.getPath()) + " (a cycle of links?)");
      }
      try {
        for (Node n : g.getChildren().values()) {
          if (!(n instanceof Group) || hasDatasets((Group) n, depth + 1)) {
            return true;
          }
        }
        return false;
      } catch (ModelFormatException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ModelFormatException(label + ": cannot list " + Messages.quote(g.getPath()) + " (" + Hdf.describe(e)
            + ")", e);
      }
    }
  }

  /** Keras 3's {@code naming.to_snake_case}. */
  static String snakeCase(String name) {
    String s = name.replaceAll("\\W+", "");
    s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
    return s.toLowerCase(Locale.ROOT);
  }
}
