package io.kerasj;

import io.kerasj.internal.Buffers;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import io.kerasj.layers.LayerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A loaded Keras model, {@code Sequential} or {@code Functional}: immutable, and safe to call
 * from many threads at once.
 *
 * <p>Obtain one from the loader ({@code io.kerasj.loader.KerasModels.load}), or assemble one
 * from layers with {@link #sequential} or {@link #builder}. Every {@code predict} call starts
 * recurrent layers from zero states (as Keras after {@code reset_states()}) and returns fresh
 * tensors. To carry recurrent state from one call to the next (streaming, or Keras'
 * {@code stateful=True}), open a {@link Session}.
 *
 * <p>Memory: intermediate tensors and the layers' scratch come from a workspace that belongs to
 * the calling thread and is reused from one call to the next (an intermediate's buffer is given
 * back as soon as its last consumer has run), so after the first call on a thread, only the
 * outputs (and small per-call bookkeeping) are allocated. {@link #predict(Tensor, Tensor)} also
 * writes the output into a tensor the caller keeps, so that the memory a call allocates does not
 * grow with the input's length. A thread keeps at most 128 MB of buffers by default, none larger
 * than 64 MB; see the system properties {@code kerasj.workspace.maxFloats}, {@code
 * kerasj.workspace.maxBufferFloats}, {@code kerasj.workspace.maxBuffers}, and {@code
 * -Dkerasj.workspace=false} to turn reuse off.
 */
public final class Model {
  private final String name;
  private final String kerasClass;
  private final String[] inputNames;
  private final int[][] inputShapes;
  private final List<Node> nodes;
  private final List<Layer> layers;
  private final int[] outputs; // value ids
  private final int[][] valueShapes;
  // The nodes as they run: `nodes` with each chain of a convolution and the per-channel layers
  // after it (batch normalization, activations) merged into one call (see internal.Fusion).
  private final List<Node> exec;
  // For each exec node, the values (neither inputs nor outputs of the model) no later node reads: their
  // buffers can go back to the workspace once the node has run.
  private final int[][] releaseAfter;

  /** One layer call in the graph: which values it reads, which it writes. */
  static final class Node {
    final Layer layer;
    final int[] in;      // value ids
    final int firstOut;  // value id of output 0
    final int outCount;
    final List<String> connectedTo;
    final int maskFrom; // value id of an explicit mask argument (Keras 3 graphs), or -1
    final boolean maskWithheld; // runs unmasked; its outputs' masks come from Layer.computeMask
    int index; // its position in `nodes` (for an exec node: the first node it stands for)

    Node(Layer layer, int[] in, int firstOut, int outCount, List<String> connectedTo, int maskFrom,
         boolean maskWithheld) {
      this.layer = layer;
      this.in = in;
      this.firstOut = firstOut;
      this.outCount = outCount;
      this.connectedTo = connectedTo;
      this.maskFrom = maskFrom;
      this.maskWithheld = maskWithheld;
    }
  }

  private Model(String name, String kerasClass, String[] inputNames, int[][] inputShapes, List<Node> nodes,
                List<Layer> layers, int[] outputs, int[][] valueShapes) {
    this.name = name;
    this.kerasClass = kerasClass;
    this.inputNames = inputNames;
    this.inputShapes = inputShapes;
    this.nodes = nodes;
    this.layers = layers;
    this.outputs = outputs;
    this.valueShapes = valueShapes;
    for (int n = 0; n < nodes.size(); n++) {
      nodes.get(n).index = n;
    }
    this.exec = FUSE ? fused(nodes, outputs, valueShapes) : nodes;
    this.releaseAfter = releasePlan(inputNames.length, exec, outputs, valueShapes.length);
    // The kernel choice is made (and, without the Vector API, warned about) at the first model.
    Kernels.name();
  }

  /** {@code -Dkerasj.fuse=false} runs every layer on its own (for comparisons). */
  private static final boolean FUSE = Boolean.parseBoolean(System.getProperty("kerasj.fuse", "true"));

  /**
   * The nodes with each chain {@code head → f1 → f2 …} merged into one node, where the head is an
   * {@link io.kerasj.internal.Fusion.Head} (a convolution), each follower an {@link
   * io.kerasj.internal.Fusion.Follower} (batch normalization, an activation layer) that takes its
   * step on the previous one's output, and each intermediate value is read by the next node of the
   * chain alone, with no explicit mask, and is not a model output. The merged node computes the
   * same values; the intermediates are never made.
   */
  private static List<Node> fused(List<Node> nodes, int[] outputs, int[][] valueShapes) {
    int valueCount = valueShapes.length;
    int[] readers = new int[valueCount];
    int[] reader = new int[valueCount];
    for (int n = 0; n < nodes.size(); n++) {
      Node node = nodes.get(n);
      for (int v : node.in) {
        readers[v]++;
        reader[v] = n;
      }
      if (node.maskFrom >= 0) {
        readers[node.maskFrom] += 2; // never an intermediate of a chain
      }
    }
    for (int v : outputs) {
      readers[v] += 2;
    }
    List<Node> out = new ArrayList<>(nodes.size());
    boolean[] absorbed = new boolean[nodes.size()];
    for (int n = 0; n < nodes.size(); n++) {
      if (absorbed[n]) {
        continue;
      }
      Node head = nodes.get(n);
      out.add(head);
      if (!(head.layer instanceof io.kerasj.internal.Fusion.Head) || head.outCount != 1) {
        continue;
      }
      List<io.kerasj.internal.Fusion.Step> steps = new ArrayList<>();
      List<Layer> followers = new ArrayList<>();
      List<Integer> chain = new ArrayList<>();
      int v = head.firstOut;
      while (readers[v] == 1) {
        Node next = nodes.get(reader[v]);
        int[] shape = valueShapes[v];
        if (next.in.length != 1 || next.outCount != 1 || next.maskWithheld || next.layer.isStateful()
            || !(next.layer instanceof io.kerasj.internal.Fusion.Follower) || shape.length < 2
            || shape[shape.length - 1] <= 0) {
          break;
        }
        io.kerasj.internal.Fusion.Step step = ((io.kerasj.internal.Fusion.Follower) next.layer)
            .asStep(shape.length, shape[shape.length - 1]);
        if (step == null) {
          break;
        }
        steps.add(step);
        followers.add(next.layer);
        chain.add(reader[v]);
        v = next.firstOut;
      }
      if (steps.isEmpty()) {
        continue;
      }
      Layer merged = ((io.kerasj.internal.Fusion.Head) head.layer).fuse(
          steps.toArray(new io.kerasj.internal.Fusion.Step[0]), followers.toArray(new Layer[0]));
      if (merged == null) {
        continue;
      }
      Node m = new Node(merged, head.in, v, 1, head.connectedTo, head.maskFrom, head.maskWithheld);
      m.index = n;
      out.set(out.size() - 1, m);
      for (int i : chain) {
        absorbed[i] = true;
      }
    }
    return out.size() == nodes.size() ? nodes : List.copyOf(out);
  }

  private static int[][] releasePlan(int inputCount, List<Node> nodes, int[] outputs, int valueCount) {
    int[] last = new int[valueCount];
    Arrays.fill(last, -1);
    for (int n = 0; n < nodes.size(); n++) {
      Node node = nodes.get(n);
      for (int v : node.in) {
        last[v] = n;
      }
      if (node.maskFrom >= 0) {
        last[node.maskFrom] = n;
      }
      for (int i = 0; i < node.outCount; i++) {
        last[node.firstOut + i] = n; // an output no one reads dies where it is made
      }
    }
    for (int v = 0; v < inputCount; v++) {
      last[v] = -1;
    }
    for (int v : outputs) {
      last[v] = -1;
    }
    int[][] plan = new int[nodes.size()][];
    for (int n = 0; n < plan.length; n++) {
      int count = 0;
      for (int v = 0; v < valueCount; v++) {
        count += last[v] == n ? 1 : 0;
      }
      plan[n] = new int[count];
      count = 0;
      for (int v = 0; v < valueCount; v++) {
        if (last[v] == n) {
          plan[n][count++] = v;
        }
      }
    }
    return plan;
  }

  /**
   * A {@code Sequential} model.
   *
   * @param inputShape the input shape including the batch axis; {@code -1} for {@code None}, e.g.
   *     {@code {-1, -1, 1}}
   */
  public Model(String name, int[] inputShape, List<Layer> layers) {
    this(sequential(name, inputShape, layers));
  }

  private Model(Model m) {
    this(m.name, m.kerasClass, m.inputNames, m.inputShapes, m.nodes, m.layers, m.outputs, m.valueShapes);
  }

  /** A {@code Sequential} model: each layer feeds the next. */
  public static Model sequential(String name, int[] inputShape, List<Layer> layers) {
    Builder b = new Builder(name, "Sequential");
    Ref x = b.input("input_0", inputShape);
    for (Layer l : layers) {
      x = b.call(l, x)[0];
    }
    return b.build(x);
  }

  /** Starts a {@code Functional} model. */
  public static Builder builder(String name) {
    return new Builder(name, "Functional");
  }

  /** A tensor in a model under construction: an input, or one output of a layer call. */
  public static final class Ref {
    final int id;
    final String label;

    Ref(int id, String label) {
      this.id = id;
      this.label = label;
    }
  }

  /** Assembles a Functional model: inputs, layer calls in topological order, outputs. */
  public static final class Builder {
    private final String name;
    private final String kerasClass;
    private final List<String> inputNames = new ArrayList<>();
    private final List<int[]> inputShapes = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final Map<Layer, Integer> callCount = new LinkedHashMap<>();

    Builder(String name, String kerasClass) {
      this.name = name;
      this.kerasClass = kerasClass;
    }

    /** Declares an input ({@code Input(shape=...)}), batch axis included. */
    public Ref input(String inputName, int[] shape) {
      if (!nodes.isEmpty()) {
        throw new IllegalStateException("declare inputs before layer calls");
      }
      inputNames.add(inputName);
      inputShapes.add(shape.clone());
      shapes.add(shape.clone());
      return new Ref(shapes.size() - 1, inputName + "[0][0]");
    }

    /**
     * Calls {@code layer} on {@code inputs}; returns its outputs. A layer called more than once is
     * shared (same weights).
     */
    public Ref[] call(Layer layer, Ref... inputs) {
      return callMasked(layer, null, inputs);
    }

    /**
     * Calls {@code layer} with an explicit mask for its first input: a {@code (batch, time)}
     * tensor, non-zero where a step is kept (how Keras 3 records masks in Functional graphs).
     */
    public Ref[] callMasked(Layer layer, Ref mask, Ref... inputs) {
      return add(layer, mask, false, inputs);
    }

    /**
     * Calls {@code layer} without the masks its inputs carry, while its outputs still get the masks
     * {@link Layer#computeMask} derives from them: what Keras 3's {@code Layer.__call__} does when a
     * call passes more than one tensor argument and no {@code mask} (an RNN given {@code
     * initial_state}: the decoder of an encoder–decoder runs unmasked, yet passes the decoder's
     * padding mask on to an attention layer).
     */
    public Ref[] callWithoutMask(Layer layer, Ref... inputs) {
      return add(layer, null, true, inputs);
    }

    private Ref[] add(Layer layer, Ref mask, boolean withheld, Ref... inputs) {
      int[][] inShapes = new int[inputs.length][];
      int[] in = new int[inputs.length];
      List<String> connected = new ArrayList<>();
      for (int i = 0; i < inputs.length; i++) {
        in[i] = inputs[i].id;
        inShapes[i] = shapes.get(inputs[i].id);
        connected.add(inputs[i].label);
      }
      int[][] outShapes = layer.outputShapes(inShapes);
      int first = shapes.size();
      for (int[] s : outShapes) {
        shapes.add(s);
      }
      Layer listed = layer.owner(); // a view of a layer (a reverse call) is a call of that layer
      int nodeIndex = callCount.merge(listed, 1, Integer::sum) - 1;
      if (nodeIndex == 0) {
        layers.add(listed);
      }
      nodes.add(new Node(layer, in, first, outShapes.length, connected, mask == null ? -1 : mask.id, withheld));
      Ref[] r = new Ref[outShapes.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = new Ref(first + i, layer.name() + "[" + nodeIndex + "][" + i + "]");
      }
      return r;
    }

    /** The shapes of tensors already in the model. */
    public int[][] shapesOf(Ref... refs) {
      int[][] r = new int[refs.length][];
      for (int i = 0; i < refs.length; i++) {
        r[i] = shapes.get(refs[i].id).clone();
      }
      return r;
    }

    /** Finishes the model with the given outputs, in Keras' {@code model.outputs} order. */
    public Model build(Ref... outputs) {
      if (inputNames.isEmpty()) {
        throw new ShapeMismatchException("model " + Messages.quote(name) + " has no inputs");
      }
      int[] out = new int[outputs.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = outputs[i].id;
      }
      return new Model(name, kerasClass, inputNames.toArray(new String[0]), inputShapes.toArray(new int[0][]),
          List.copyOf(nodes), List.copyOf(layers), out, shapes.toArray(new int[0][]));
    }
  }

  /** The model's Keras name. */
  public String name() {
    return name;
  }

  /** {@code "Sequential"} or {@code "Functional"}. */
  public String kerasClass() {
    return kerasClass;
  }

  /** The layers, each once, in the order Keras lists them (without {@code InputLayer}s). */
  public List<Layer> layers() {
    return layers;
  }

  /** The names of the model's inputs, in order ({@code input_0} for a Sequential model). */
  public List<String> inputNames() {
    return List.of(inputNames);
  }

  /** The declared shape of the first input, batch axis included; {@code -1} stands for {@code None}. */
  public int[] inputShape() {
    return inputShapes[0].clone();
  }

  /** The declared shape of input {@code i}. */
  public int[] inputShape(int i) {
    return inputShapes[i].clone();
  }

  /** The number of inputs. */
  public int inputCount() {
    return inputNames.length;
  }

  /** The number of outputs. */
  public int outputCount() {
    return outputs.length;
  }

  /** The shape of the first output for the declared input shapes. */
  public int[] outputShape() {
    return valueShapes[outputs[0]].clone();
  }

  /** The shape of output {@code i} for the declared input shapes. */
  public int[] outputShape(int i) {
    return valueShapes[outputs[i]].clone();
  }

  /** Total trainable parameters. */
  public long trainableParams() {
    long n = 0;
    for (Layer l : layers) {
      n += l.trainableParams();
    }
    return n;
  }

  /** Total non-trainable parameters. */
  public long nonTrainableParams() {
    long n = 0;
    for (Layer l : layers) {
      n += l.nonTrainableParams();
    }
    return n;
  }

  /**
   * Whether a layer was saved with Keras' {@code stateful=True} (in Keras, its states carry over from
   * one batch to the next). {@code predict} still starts every call from zero states; a caller that
   * scores rows independently (a batch job) can refuse such a model with this, and a caller that
   * streams uses a {@link Session}.
   */
  public boolean isKerasStateful() {
    for (Layer l : layers) {
      if (l.isKerasStateful()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether feeding sequences in chunks through a {@link Session} gives the same outputs as feeding
   * them whole: true when every layer either acts on each time step alone or is recurrent.
   */
  public boolean isStreamable() {
    for (Layer l : layers) {
      if (!l.isStreamable()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs a single-input, single-output model on a batch.
   *
   * @param x shaped like {@link #inputShape()}, e.g. {@code (batch, time, features)}
   * @throws InvalidInputException if the rank or a fixed dimension differs from the model's, or the
   *     model has several inputs or outputs (use {@link #predictAll})
   */
  public Tensor predict(Tensor x) {
    requireSingle();
    return run(new Tensor[] {x}, null).tensors()[0];
  }

  /**
   * Runs a single-input, single-output model on a batch and writes the output into {@code out}, a
   * tensor the caller owns (and may reuse from call to call); returns {@code out}. With a reused
   * {@code out}, the memory a call allocates after the first one on a thread does not depend on the
   * input's length: intermediate tensors come from the thread's workspace (see the class comment).
   * The output is computed in the workspace and then copied into {@code out}, so {@code out} may be
   * any tensor of the right shape, even {@code x} itself.
   *
   * @param x shaped like {@link #inputShape()}, e.g. {@code (batch, time, features)}
   * @param out shaped as the output for {@code x}, e.g. {@code (batch, time, units)} for a model
   *     returning sequences
   * @throws InvalidInputException if {@code x} does not fit the model, {@code out}'s shape differs
   *     from the output's (the message names both), or the model has several inputs or outputs
   */
  public Tensor predict(Tensor x, Tensor out) {
    requireSingle();
    return runInto(x, out, null);
  }

  /** Runs a single-input, single-output model on a {@code (batch, time, features)} array. */
  public Tensor predict(float[][][] x) {
    return predict(Tensor.of(x));
  }

  /** Runs the model on its inputs, in input order; returns the outputs in Keras' {@code model.outputs} order. */
  public List<Tensor> predictAll(Tensor... inputs) {
    return List.of(run(inputs, null).tensors());
  }

  /** Runs the model on inputs named as its {@code Input} layers. */
  public List<Tensor> predictAll(Map<String, Tensor> inputs) {
    return predictAll(byName(inputs));
  }

  Tensor[] byName(Map<String, Tensor> inputs) {
    Tensor[] r = new Tensor[inputNames.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = inputs.get(inputNames[i]);
      if (r[i] == null) {
        throw new InvalidInputException("model " + Messages.quote(name) + ": no input named "
            + Messages.quote(inputNames[i]) + " (got "
            + Messages.list(inputs.keySet()) + ", expected " + Messages.list(Arrays.asList(inputNames)) + ")");
      }
    }
    if (inputs.size() != r.length) {
      throw new InvalidInputException("model " + Messages.quote(name) + ": got inputs "
          + Messages.list(inputs.keySet()) + ", expected "
          + Messages.list(Arrays.asList(inputNames)));
    }
    return r;
  }

  /** Opens a stream of calls that carries recurrent state from one call to the next. */
  public Session newSession() {
    return new Session(this);
  }

  void requireSingle() {
    if (inputNames.length != 1 || outputs.length != 1) {
      throw new InvalidInputException("model " + Messages.quote(name) + " has " + inputNames.length + " inputs and "
          + outputs.length + " outputs; use predictAll");
    }
  }

  /** {@link #predict(Tensor, Tensor)} for a model or a session ({@code state} non-null). */
  Tensor runInto(Tensor x, Tensor out, LayerState state) {
    if (out == null) {
      throw new InvalidInputException("model " + Messages.quote(name) + ": the output tensor is null");
    }
    checkInput(0, x);
    int[] expected = expectedOutputShape(x.shape());
    if (!fits(expected, out)) {
      throw new InvalidInputException("model " + Messages.quote(name) + ": the output tensor has shape "
          + formatShape(out.shape()) + ", the output for an input of shape " + formatShape(x.shape())
          + " has shape " + formatShape(expected));
    }
    Buffers.enter();
    try {
      Tensor y = run(new Tensor[] {x}, null, state).tensors()[0];
      if (!fits(y, out)) {
        throw new InvalidInputException("model " + Messages.quote(name) + ": the output tensor has shape "
            + formatShape(out.shape()) + ", the output for an input of shape " + formatShape(x.shape())
            + " has shape " + formatShape(y.shape()));
      }
      System.arraycopy(y.data(), 0, out.data(), 0, y.size());
      Buffers.release(y.data()); // ignored unless the workspace lent it during this call
      return out;
    } finally {
      Buffers.exit();
    }
  }

  // The output shape for a concrete input shape, -1 where the layers cannot tell; the declared
  // output shape if a layer's shape function rejects it (the run will say why).
  private int[] expectedOutputShape(int[] inputShape) {
    try {
      int[][] shapes = new int[valueShapes.length][];
      shapes[0] = inputShape;
      for (Node node : nodes) {
        int[][] in = new int[node.in.length][];
        for (int i = 0; i < in.length; i++) {
          in[i] = shapes[node.in[i]];
        }
        int[][] out = node.layer.outputShapes(in);
        for (int i = 0; i < node.outCount; i++) {
          shapes[node.firstOut + i] = out[i];
        }
      }
      int[] r = shapes[outputs[0]];
      if (r != null && r.length == valueShapes[outputs[0]].length) {
        return r;
      }
    } catch (RuntimeException e) {
      // fall through
    }
    return valueShapes[outputs[0]];
  }

  private static boolean fits(int[] expected, Tensor t) {
    if (t.rank() != expected.length) {
      return false;
    }
    for (int d = 0; d < expected.length; d++) {
      if (expected[d] >= 0 && expected[d] != t.dim(d)) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(Tensor y, Tensor t) {
    if (t.rank() != y.rank()) {
      return false;
    }
    for (int d = 0; d < y.rank(); d++) {
      if (y.dim(d) != t.dim(d)) {
        return false;
      }
    }
    return true;
  }

  /** Runs the graph; {@code state} is a session's state, or {@code null} for a stateless call. */
  Layer.Output run(Tensor[] inputs, LayerState state) {
    return run(inputs, null, state);
  }

  /**
   * Runs the graph with input masks and, in a session, the model's state (for a model nested in
   * another, as a layer).
   *
   * @param inputMasks one per input, or {@code null}
   * @param state the model's state in a session, or {@code null}
   */
  public Layer.Output run(Tensor[] inputs, Mask[] inputMasks, LayerState state) {
    Buffers.enter();
    try {
      return runGraph(inputs, inputMasks, state);
    } finally {
      Buffers.exit();
    }
  }

  private Layer.Output runGraph(Tensor[] inputs, Mask[] inputMasks, LayerState state) {
    LayerState[] states = state == null ? null : state.children(nodes.size());
    if (inputs == null || inputs.length != inputNames.length) {
      throw new InvalidInputException("model " + Messages.quote(name) + " takes " + inputNames.length + " input(s) "
          + Messages.list(Arrays.asList(inputNames)) + ", got " + (inputs == null ? 0 : inputs.length));
    }
    Tensor[] values = new Tensor[valueShapes.length];
    Mask[] masks = new Mask[valueShapes.length];
    for (int i = 0; i < inputs.length; i++) {
      checkInput(i, inputs[i]);
      values[i] = inputs[i];
      masks[i] = inputMasks == null ? null : inputMasks[i];
    }
    for (int n = 0; n < exec.size(); n++) {
      Node node = exec.get(n);
      LayerState nodeState = states == null ? null : states[node.index];
      Tensor[] in = new Tensor[node.in.length];
      Mask[] inMasks = new Mask[node.in.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = values[node.in[i]];
        inMasks[i] = masks[node.in[i]];
      }
      if (node.maskFrom >= 0 && in.length > 0) {
        inMasks[0] = toMask(node.layer, values[node.maskFrom]);
      }
      Layer.Output out;
      if (node.maskWithheld) {
        out = node.layer.forward(in, new Mask[in.length], nodeState);
        out = new Layer.Output(out.tensors(), node.layer.computeMask(inMasks, out));
      } else {
        out = node.layer.forward(in, inMasks, nodeState);
      }
      if (node.layer.clearsInputMasks()) {
        for (int i : node.in) {
          masks[i] = null;
        }
      }
      if (out.tensors().length != node.outCount) {
        throw new InvalidInputException("layer " + Messages.quote(node.layer.name()) + " gave " + out.tensors().length
            + " outputs, expected " + node.outCount);
      }
      for (int i = 0; i < node.outCount; i++) {
        values[node.firstOut + i] = out.tensors()[i];
        masks[node.firstOut + i] = out.masks()[i];
      }
      for (int v : releaseAfter[n]) {
        Tensor dead = values[v];
        values[v] = null;
        masks[v] = null;
        if (dead != null && !holds(values, dead.data())) {
          Buffers.release(dead.data());
        }
      }
    }
    Tensor[] result = new Tensor[outputs.length];
    Mask[] resultMasks = new Mask[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      result[i] = values[outputs[i]];
      resultMasks[i] = masks[outputs[i]];
    }
    return new Layer.Output(result, resultMasks);
  }

  // Whether a live value (inputs and outputs included) shares the array: a layer may return its
  // input, or a view of it (Reshape), as its output.
  private static boolean holds(Tensor[] values, float[] data) {
    for (Tensor t : values) {
      if (t != null && t.data() == data) {
        return true;
      }
    }
    return false;
  }

  private static Mask toMask(Layer layer, Tensor m) {
    if (m.rank() != 2) {
      throw new InvalidInputException("layer " + Messages.quote(layer.name())
          + ": an explicit mask must be (batch, time), got "
          + formatShape(m.shape()));
    }
    float[] d = m.data();
    boolean[] keep = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      keep[i] = d[i] != 0f;
    }
    return new Mask(m.dim(0), m.dim(1), keep);
  }

  private void checkInput(int i, Tensor x) {
    if (x == null) {
      throw new InvalidInputException("model " + Messages.quote(name) + ": input " + Messages.quote(inputNames[i])
          + " is null");
    }
    int[] want = inputShapes[i];
    int[] s = x.shape();
    boolean ok = s.length == want.length;
    for (int d = 0; ok && d < s.length; d++) {
      ok = want[d] < 0 || want[d] == s[d];
    }
    if (!ok) {
      throw new InvalidInputException("model " + Messages.quote(name) + ": expected input " + (inputNames.length > 1
          ? Messages.quote(inputNames[i]) + " " : "") + "shape " + formatShape(want) + ", got " + formatShape(s));
    }
  }

  /**
   * Keras' summary table, in the layout of {@code tf.keras} 2.x's {@code model.summary()}: line
   * length 65 for a Sequential model; for a Functional model 98, with the "Connected to" column.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(name).append("\"\n");
    boolean functional = !kerasClass.equals("Sequential") && !sequentialLike();
    final int lineLength = functional ? 98 : 65;
    final int[] positions = functional ? new int[] {32, 53, 65, 98} : new int[] {29, 55, 65};
    sb.append("_".repeat(lineLength)).append('\n');
    if (functional) {
      row(sb, positions, "Layer (type)", "Output Shape", "Param #", "Connected to");
    } else {
      row(sb, positions, "Layer (type)", "Output Shape", "Param #");
    }
    sb.append("=".repeat(lineLength)).append('\n');
    List<String[]> rows = new ArrayList<>();
    List<List<String>> extra = new ArrayList<>();
    if (!kerasClass.equals("Sequential")) {
      for (int i = 0; i < inputNames.length; i++) {
        String label = inputNames[i] + " (InputLayer)";
        String shape = "[" + formatShape(inputShapes[i]) + "]";
        rows.add(functional ? new String[] {label, shape, "0", ""} : new String[] {label, shape, "0"});
        extra.add(List.of());
      }
    }
    for (Layer l : layers) {
      List<String> connections = new ArrayList<>();
      Node first = null;
      for (Node n : nodes) {
        if (n.layer.owner() == l) {
          if (first == null) {
            first = n;
          }
          connections.addAll(n.connectedTo);
        }
      }
      String shape;
      if (first.outCount == 1) {
        shape = formatShape(valueShapes[first.firstOut]);
      } else {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < first.outCount; i++) {
          s.append(i == 0 ? "" : ", ").append(formatShape(valueShapes[first.firstOut + i]));
        }
        shape = s.append(']').toString();
      }
      String params = Long.toString(l.trainableParams() + l.nonTrainableParams());
      String label = l.name() + " (" + l.kerasClass() + ")";
      rows.add(functional ? new String[] {label, shape, params, connections.isEmpty() ? "" : connections.get(0)}
          : new String[] {label, shape, params});
      extra.add(connections.size() > 1 ? connections.subList(1, connections.size()) : List.of());
    }
    for (int i = 0; i < rows.size(); i++) {
      row(sb, positions, rows.get(i));
      for (String c : extra.get(i)) {
        row(sb, positions, "", "", "", c);
      }
      sb.append((i == rows.size() - 1 ? "=" : "_").repeat(lineLength)).append('\n');
    }
    if (rows.isEmpty()) {
      sb.append("=".repeat(lineLength)).append('\n');
    }
    long trainable = trainableParams();
    long nonTrainable = nonTrainableParams();
    sb.append(String.format(Locale.ROOT, "Total params: %,d", trainable + nonTrainable)).append('\n');
    sb.append(String.format(Locale.ROOT, "Trainable params: %,d", trainable)).append('\n');
    sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d", nonTrainable)).append('\n');
    sb.append("_".repeat(lineLength)).append('\n');
    return sb.toString();
  }

  /**
   * Keras prints a Functional model without the "Connected to" column when it is a chain: one
   * input, every call reading one tensor, no layer called twice (tf-keras layer_utils.print_summary).
   */
  private boolean sequentialLike() {
    if (inputNames.length != 1) {
      return false;
    }
    java.util.Set<Layer> seen = new java.util.HashSet<>();
    int expected = 0; // the value the next call must read: the previous call's first output
    for (Node n : nodes) {
      if (n.in.length != 1 || n.in[0] != expected || !seen.add(n.layer.owner())) {
        return false;
      }
      expected = n.firstOut;
    }
    return true;
  }

  // tf.keras' print_row: each field is cut to its column, and the last character of a cut field
  // is replaced by a space so that columns never touch.
  private static void row(StringBuilder sb, int[] positions, String... fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.setLength(line.length() - 1);
        line.append(' ');
      }
      line.append(fields[i]);
      if (line.length() > positions[i]) {
        line.setLength(positions[i]);
      }
      while (line.length() < positions[i]) {
        line.append(' ');
      }
    }
    sb.append(line).append('\n');
  }

  /** Formats a shape as Keras prints it: {@code (None, None, 20)}. */
  public static String formatShape(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i] < 0 ? "None" : Integer.toString(shape[i]));
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  @Override
  public String toString() {
    return "Model[" + name + " (" + kerasClass + "), inputs " + Arrays.toString(inputNames) + ", " + layers.size()
        + " layers]";
  }
}
