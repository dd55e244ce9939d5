package io.kerasj;

import io.kerasj.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loaded Keras model: immutable, and safe to call from many threads at once.
 *
 * <p>Obtain one from the loader ({@code io.kerasj.loader.KerasModels.load}) or assemble one
 * from layers. Every {@code predict} call allocates its own working memory and returns a fresh
 * tensor.
 */
public final class Model {
  private final String name;
  private final int[] inputShape;
  private final List<Layer> layers;

  /**
   * A {@code Sequential} model.
   *
   * @param inputShape the input shape including the batch axis; {@code -1} for {@code None}, e.g.
   *     {@code {-1, -1, 1}}
   */
  public Model(String name, int[] inputShape, List<Layer> layers) {
    this.name = name;
    this.inputShape = inputShape.clone();
    this.layers = List.copyOf(layers);
  }

  /** The model's Keras name. */
  public String name() {
    return name;
  }

  /** The layers in execution order (without the {@code InputLayer}). */
  public List<Layer> layers() {
    return layers;
  }

  /** The declared input shape, batch axis included; {@code -1} stands for {@code None}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The output shape for the declared input shape. */
  public int[] outputShape() {
    int[] s = inputShape.clone();
    for (Layer l : layers) {
      s = l.outputShape(s);
    }
    return s;
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
   * Runs the model on a batch.
   *
   * @param x shaped like {@link #inputShape()}, e.g. {@code (batch, time, features)}
   * @throws InvalidInputException if the rank or a fixed dimension differs from the model's
   */
  public Tensor predict(Tensor x) {
    checkInput(x);
    Tensor y = x;
    for (Layer l : layers) {
      y = l.call(y);
    }
    return y;
  }

  /** Runs the model on a {@code (batch, time, features)} array. */
  public Tensor predict(float[][][] x) {
    return predict(Tensor.of(x));
  }

  private void checkInput(Tensor x) {
    if (x == null) {
      throw new InvalidInputException("model '" + name + "': input is null");
    }
    int[] s = x.shape();
    boolean ok = s.length == inputShape.length;
    for (int i = 0; ok && i < s.length; i++) {
      ok = inputShape[i] < 0 || inputShape[i] == s[i];
    }
    if (!ok) {
      throw new InvalidInputException("model '" + name + "': expected input shape " + formatShape(inputShape)
          + ", got " + formatShape(s));
    }
  }

  /**
   * Keras' summary table, in the layout of {@code tf.keras} 2.x's {@code model.summary()} for a
   * Sequential model (line length 65).
   */
  public String summary() {
    final int lineLength = 65;
    final int[] positions = {29, 55, 65};
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(name).append("\"\n");
    sb.append("_".repeat(lineLength)).append('\n');
    row(sb, positions, "Layer (type)", "Output Shape", "Param #");
    sb.append("=".repeat(lineLength)).append('\n');
    int[] shape = inputShape.clone();
    List<Layer> ls = new ArrayList<>(layers);
    for (int i = 0; i < ls.size(); i++) {
      Layer l = ls.get(i);
      shape = l.outputShape(shape);
      row(sb, positions, l.name() + " (" + l.kerasClass() + ")", formatShape(shape),
          Long.toString(l.trainableParams() + l.nonTrainableParams()));
      sb.append((i == ls.size() - 1 ? "=" : "_").repeat(lineLength)).append('\n');
    }
    if (ls.isEmpty()) {
      sb.append("=".repeat(lineLength)).append('\n');
    }
    long trainable = trainableParams();
    long nonTrainable = nonTrainableParams();
    sb.append(String.format(Locale.ROOT, "Total params: %,d%n", trainable + nonTrainable).replace("\r\n", "\n"));
    sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable).replace("\r\n", "\n"));
    sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", nonTrainable).replace("\r\n", "\n"));
    sb.append("_".repeat(lineLength)).append('\n');
    return sb.toString();
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
    return "Model[" + name + ", input " + formatShape(inputShape) + ", " + layers.size() + " layers]";
  }
}
