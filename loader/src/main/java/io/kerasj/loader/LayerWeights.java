package io.kerasj.loader;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.ShapeMismatchException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weights of one layer, handed to its factory in the order the layer creates them.
 *
 * <p>Keras files address weights in two ways: legacy HDF5 files list them in creation order
 * (a layer's own variables, then each sublayer's), while Keras 3 files put each object's variables
 * at {@code <attribute path>/vars/<i>}. Factories describe both at once: they call {@link
 * #scope(String)} with the attribute that holds a sublayer (e.g. {@code "cell"}) and then {@link
 * #next} for each variable; in legacy files {@code scope} changes nothing.
 */
public abstract class LayerWeights {
  final String label;
  final String layer;
  Budget budget = Budget.unlimited();

  LayerWeights(String label, String layer) {
    this.label = label;
    this.layer = layer;
  }

  /**
   * Whether these weights come from a legacy HDF5 layout (tf-keras {@code .h5}, Keras 3 legacy
   * {@code .h5}): per-layer weight lists in saved order, where Keras 3's object-path files hold
   * what the layer's {@code save_own_variables} writes (e.g. a LoRA kernel already merged).
   */
  public final boolean isLegacyLayout() {
    return this instanceof Legacy;
  }

  /**
   * The attribute name Keras 3 gives an object of Python class {@code className} when it is
   * auto-tracked in a list (e.g. {@code StackedRNNCells.cells}): its snake_case name, e.g. {@code
   * "lstm_cell"}; the second of a class is {@code "lstm_cell_1"}, and so on.
   */
  public static String attributeName(String className) {
    return WeightStore.snakeCase(className);
  }

  /** The weights of the sublayer held in Python attribute {@code attribute} (Keras 3 layout). */
  public abstract LayerWeights scope(String attribute);

  /** The shape of the next weight, without consuming it. */
  public abstract int[] peekShape(String name);

  /**
   * Consumes the next weight and checks its shape.
   *
   * @param name the weight's Keras name, for messages ({@code "kernel"})
   * @param expected the expected shape; {@code -1} accepts any size on that axis
   * @throws ShapeMismatchException if the weight is missing or its shape differs
   */
  public final float[] next(String name, int... expected) {
    for (int e : expected) {
      // -1 is the only wildcard; any other negative size must not match everything.
      if (e < -1) {
        throw impliedShape(name, Arrays.toString(expected), "is negative (a size in the config is negative)");
      }
    }
    Dataset ds = take(name);
    int[] dims = Hdf.dims(label, ds);
    if (!matches(dims, expected)) {
      throw new ShapeMismatchException(where() + ": weight " + Messages.quote(name) + " at "
          + Messages.quote(ds.getPath())
          + " has shape " + Arrays.toString(dims) + ", expected " + Arrays.toString(expected));
    }
    // The shape comes from the dataset's header: the size is checked before any data is read.
    budget.charge(this, name, ds.getPath(), dims);
    return Hdf.readFloats(label, ds, "layer " + Messages.quote(layer) + " weight " + Messages.quote(name),
        budget.perWeight);
  }

  /**
   * {@link #next(String, int...)} for a shape computed in {@code long} from config sizes (e.g.
   * {@code 4L * units}), so that a size too large for a Java array is refused by name rather than
   * wrapped around into a small or negative one.
   */
  public final float[] next(String name, long... expected) {
    int[] shape = new int[expected.length];
    for (int i = 0; i < shape.length; i++) {
      if (expected[i] > Integer.MAX_VALUE) {
        throw impliedShape(name, Arrays.toString(expected), "has a size above 2^31 - 1 (a size in the config is so "
            + "large that it overflows a Java int)");
      }
      shape[i] = (int) Math.max(expected[i], Integer.MIN_VALUE);
    }
    return next(name, shape);
  }

  private ShapeMismatchException impliedShape(String name, String shape, String problem) {
    return new ShapeMismatchException(where() + ": weight " + Messages.quote(name) + ": the config implies the "
        + "shape " + shape + ", which " + problem);
  }

  /** These weights as the store of a nested model's layers. */
  abstract WeightStore asStore();

  /** Attaches the model's shared weight-size budget; returns {@code this}. */
  LayerWeights withBudget(Budget b) {
    this.budget = b;
    return this;
  }

  /**
   * Limits on weight sizes ({@link LoadOptions#maxWeightElements()}, {@link
   * LoadOptions#maxTotalWeightElements()}), charged per weight before its data is read. One per
   * load, so never shared between threads.
   */
  static final class Budget {
    final long perWeight;
    private final long total;
    private long used;

    Budget(long perWeight, long total) {
      this.perWeight = perWeight;
      this.total = total;
    }

    static Budget unlimited() {
      return new Budget(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    void charge(LayerWeights w, String name, String path, int[] dims) {
      long n = Hdf.elements(dims); // the dimensions are non-negative ints (Hdf.dims)
      if (n > perWeight) {
        throw new ShapeMismatchException(w.where() + ": weight " + Messages.quote(name) + " at " + Messages.quote(path)
            + " has shape " + Arrays.toString(dims) + " (" + n + " elements), more than the limit of " + perWeight
            + " elements per weight (LoadOptions.withMaxWeightElements)");
      }
      if (n > total - used) {
        throw new ShapeMismatchException(w.where() + ": weight " + Messages.quote(name) + " at " + Messages.quote(path)
            + " (" + n + " elements) brings the model's weights over the limit of " + total
            + " elements in all (LoadOptions.withMaxTotalWeightElements)");
      }
      used += n;
    }
  }

  /** True when no weight is left in this scope. */
  public abstract boolean isEmpty();

  abstract Dataset take(String name);

  /** Fails if the file holds weights for this layer that the factory did not use. */
  abstract void checkAllUsed();

  static boolean matches(int[] dims, int[] expected) {
    if (dims.length != expected.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (expected[i] >= 0 && dims[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** "file: layer 'name'", the prefix of every message about these weights. */
  String where() {
    return label + ": layer " + Messages.quote(layer);
  }

  ShapeMismatchException missing(String name, String detail) {
    return new ShapeMismatchException(where() + ": weight " + Messages.quote(name) + " is missing (" + detail + ")");
  }

  /** Legacy HDF5: the layer group's {@code weight_names}, consumed in order across scopes. */
  static final class Legacy extends LayerWeights {
    private final Group group;
    private final List<String> names;
    private final Legacy owner; // the list's owner when this is one sublayer's view of a nested model
    private int cursor;

    Legacy(String label, String layer, Group group, List<String> names) {
      super(label, layer);
      this.group = group;
      this.names = names;
      this.owner = null;
    }

    private Legacy(Legacy owner, String layer) {
      super(owner.label, layer);
      this.group = owner.group;
      this.names = owner.names;
      this.owner = owner.owner == null ? owner : owner.owner;
    }

    /** A sublayer's view: consumes from this list, and leaves the final count check to the owner. */
    Legacy view(String sublayer) {
      Legacy v = new Legacy(this, layer + "/" + sublayer);
      v.budget = budget;
      return v;
    }

    @Override
    public LayerWeights scope(String attribute) {
      return this;
    }

    @Override
    WeightStore asStore() {
      return new WeightStore.Flat(label, this);
    }

    @Override
    public int[] peekShape(String name) {
      Legacy o = owner == null ? this : owner;
      return Hdf.dims(label, dataset(name, o.cursor));
    }

    @Override
    public boolean isEmpty() {
      Legacy o = owner == null ? this : owner;
      return o.cursor >= names.size();
    }

    @Override
    Dataset take(String name) {
      Legacy o = owner == null ? this : owner;
      Dataset ds = dataset(name, o.cursor);
      o.cursor++;
      return ds;
    }

    private Dataset dataset(String name, int i) {
      if (i >= names.size()) {
        throw missing(name, "the file holds " + names.size() + " weights for this layer, " + name
            + " would be number " + (i + 1));
      }
      Node n = group == null ? null : Hdf.path(label, group, names.get(i));
      if (!(n instanceof Dataset)) {
        throw new ModelFormatException(where() + ": weight_names lists " + Messages.quote(names.get(i))
            + " but there is no such dataset under " + (group == null ? "?" : Messages.quote(group.getPath())));
      }
      return (Dataset) n;
    }

    @Override
    void checkAllUsed() {
      if (owner != null) {
        return;
      }
      if (cursor != names.size()) {
        throw new ShapeMismatchException(where() + ": the file holds " + names.size()
            + " weights " + Messages.list(names) + ", the layer uses " + cursor);
      }
    }
  }

  /** Keras 3 weights: {@code <group>/vars/0, 1, …}, sublayers in attribute groups. */
  static final class V3 extends LayerWeights {
    static final int MAX_GROUP_DEPTH = 64;
    static final int MAX_DATASETS = 100_000;
    private final Group group;
    private final Set<String> consumed;
    private final Set<String> all;
    private int counter;

    /** The root scope of one layer; {@code group} may be null for a layer with no weights. */
    V3(String label, String layer, Group group) {
      this(label, layer, group, new HashSet<>(), new TreeSet<>());
      if (group != null) {
        collect(group, all, 0);
      }
    }

    private V3(String label, String layer, Group group, Set<String> consumed, Set<String> all) {
      super(label, layer);
      this.group = group;
      this.consumed = consumed;
      this.all = all;
    }

    private void collect(Group g, Set<String> out, int depth) {
      // HDF5 groups may link to an ancestor; Keras nests a few levels at most.
      if (depth > MAX_GROUP_DEPTH) {
        throw new ModelFormatException(where() + ": HDF5 groups nested deeper than "
            + MAX_GROUP_DEPTH + " at " + Messages.quote(g.getPath()) + " (a cycle of links?)");
      }
      for (Node n : childrenOf(g)) {
        if (n instanceof Dataset) {
          out.add(n.getPath());
          if (out.size() > MAX_DATASETS) {
            throw new ModelFormatException(where() + ": more than " + MAX_DATASETS
                + " datasets under " + Messages.quote(group.getPath()));
          }
        } else if (n instanceof Group) {
          collect((Group) n, out, depth + 1);
        }
      }
    }

    private Iterable<Node> childrenOf(Group g) {
      try {
        return g.getChildren().values();
      } catch (RuntimeException e) {
        throw new ModelFormatException(label + ": cannot list HDF5 group " + Messages.quote(g.getPath()) + " ("
            + Hdf.describe(e) + ")", e);
      }
    }

    @Override
    WeightStore asStore() {
      // The nested model's own weights are not this layer's: mark them used here, and let the
      // nested store check them.
      if (group != null) {
        Set<String> mine = new TreeSet<>();
        collect(group, mine, 0);
        consumed.addAll(mine);
      }
      WeightStore.V3 store = new WeightStore.V3(label, group);
      store.budget = budget;
      return store;
    }

    @Override
    public LayerWeights scope(String attribute) {
      Node n = group == null ? null : Hdf.child(label, group, attribute);
      return new V3(label, layer, n instanceof Group ? (Group) n : null, consumed, all).withBudget(budget);
    }

    @Override
    public int[] peekShape(String name) {
      return Hdf.dims(label, dataset(name, counter));
    }

    @Override
    public boolean isEmpty() {
      Node vars = group == null ? null : Hdf.child(label, group, "vars");
      return !(vars instanceof Group) || Hdf.child(label, (Group) vars, Integer.toString(counter)) == null;
    }

    @Override
    Dataset take(String name) {
      Dataset ds = dataset(name, counter);
      counter++;
      consumed.add(ds.getPath());
      return ds;
    }

    private Dataset dataset(String name, int i) {
      if (group == null) {
        throw missing(name, "the file has no weights group for it");
      }
      Node n = Hdf.path(label, group, "vars/" + i);
      if (!(n instanceof Dataset)) {
        throw missing(name, "no dataset " + Messages.quote(group.getPath() + "/vars/" + i));
      }
      return (Dataset) n;
    }

    @Override
    void checkAllUsed() {
      Set<String> left = new TreeSet<>(all);
      left.removeAll(consumed);
      if (!left.isEmpty()) {
        throw new ShapeMismatchException(where() + ": the file holds weights the layer does not use: "
            + Messages.list(left));
      }
    }
  }
}
