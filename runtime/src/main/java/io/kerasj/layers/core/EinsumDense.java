package io.kerasj.layers.core;

import io.kerasj.InvalidInputException;
import io.kerasj.Messages;
import io.kerasj.ShapeMismatchException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.internal.Buffers;
import io.kerasj.internal.Einsum;
import io.kerasj.internal.vectorization.Kernels;
import io.kerasj.layers.Layer;
import java.util.Arrays;

/**
 * Keras {@code EinsumDense}: {@code activation(einsum(equation, x, kernel) + bias)}, the bias
 * broadcast against the output's trailing axes as Keras shapes it from {@code bias_axes}. The
 * projections of {@code MultiHeadAttention} are EinsumDense layers.
 *
 * <p>Equations that are a matrix product in disguise — the input's trailing labels contracted with
 * the kernel's leading ones, the output the input's other labels followed by the kernel's others, in
 * order ({@code "abc,cd->abd"}, {@code "...b,bc->...c"}, {@code "abc,cde->abde"}, {@code
 * "abcd,cde->abe"}) — run as one product on the kernel packed at load; any other equation goes
 * through the general {@link Einsum} contraction.
 */
public final class EinsumDense extends Layer {
  private final Einsum einsum;
  private final int[] kernelShape;
  private final float[] kernel;
  private final int[] biasShape;
  private final float[] bias;
  private final Activation activation;
  // The matrix-product form: K contracted values per row, the kernel packed as (K × N).
  private final Kernels.AffineWeights packed;
  private final boolean biasFolded; // the bias is inside `packed`
  private final float[] foldedBias;  // the (N) bias inside `packed`, or null

  /**
   * @param equation e.g. {@code "abc,cd->abd"}
   * @param kernelShape the kernel's shape
   * @param kernel row-major over {@code kernelShape}
   * @param biasShape the bias' shape as Keras creates it (trailing output axes, 1 where broadcast),
   *     or {@code null} without bias
   * @param bias row-major over {@code biasShape}, or {@code null}
   * @throws UnsupportedFeatureException for an equation {@link Einsum} does not support, or an
   *     activation that changes the width ({@code glu})
   * @throws ShapeMismatchException if the weights do not fit their shapes or the equation
   */
  public EinsumDense(String name, String equation, int[] kernelShape, float[] kernel, int[] biasShape, float[] bias,
                     Activation activation) {
    super(name);
    this.einsum = Einsum.parse(equation);
    String[] terms = terms(equation);
    String in = terms[0];
    String k = terms[1];
    String out = terms[2];
    if (k.indexOf('.') >= 0 || k.length() != kernelShape.length) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": the kernel has shape "
          + Arrays.toString(kernelShape) + ", equation " + Messages.quote(equation) + " gives it the labels "
          + Messages.quote(k));
    }
    this.kernelShape = kernelShape.clone();
    this.kernel = io.kerasj.internal.Checks.weight(name, "kernel", kernel, kernelShape);
    this.activation = activation == null ? Activation.LINEAR : activation;
    if (this.activation.outputSize(2) != 2) {
      throw new UnsupportedFeatureException("layer " + Messages.quote(name) + ": activation "
          + this.activation + " changes the output width, which EinsumDense does not allow");
    }
    if ((biasShape == null) != (bias == null)) {
      throw new ShapeMismatchException("layer " + Messages.quote(name) + ": bias and its shape must come together");
    }
    this.biasShape = biasShape == null ? null : biasShape.clone();
    this.bias = bias == null ? null : io.kerasj.internal.Checks.weight(name, "bias", bias, biasShape);
    // The matrix-product form (see the class comment).
    int nk = 0;
    while (nk < k.length() && out.indexOf(k.charAt(nk)) < 0) {
      nk++;
    }
    String kLabels = k.substring(0, nk);
    String nLabels = k.substring(nk);
    String mLabels = in.endsWith(kLabels) ? in.substring(0, in.length() - nk) : null;
    boolean product = nk > 0 && mLabels != null && out.equals(mLabels + nLabels) && noneOf(nLabels, in)
        && noneOf(mLabels, k) && noneOf(kLabels, out);
    int kSize = 1;
    int nSize = 1;
    for (int i = 0; i < k.length(); i++) {
      if (i < nk) {
        kSize = Math.multiplyExact(kSize, kernelShape[i]);
      } else {
        nSize = Math.multiplyExact(nSize, kernelShape[i]);
      }
    }
    // A bias over the kernel's output axes only (e.g. (units,) or (heads, dim)) goes into the product.
    float[] folded = null;
    if (product && bias != null && biasShape.length <= k.length() - nk) {
      folded = broadcastBias(Arrays.copyOfRange(kernelShape, nk + (k.length() - nk - biasShape.length), k.length()),
          nSize / product(Arrays.copyOfRange(kernelShape, nk + (k.length() - nk - biasShape.length), k.length())));
    }
    this.biasFolded = folded != null || bias == null;
    this.foldedBias = folded;
    this.packed = product && kSize > 0 && nSize > 0 ? Kernels.packAffine(kernel, kSize, nSize, folded) : null;
  }

  private static boolean noneOf(String labels, String term) {
    for (char c : labels.toCharArray()) {
      if (c != '.' && term.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static int product(int[] dims) {
    int p = 1;
    for (int d : dims) {
      p = Math.multiplyExact(p, d);
    }
    return p;
  }

  // The bias broadcast over `block` (the trailing output axes it is aligned with), repeated
  // `repeats` times in front: a full (N) bias vector for the product.
  private float[] broadcastBias(int[] block, int repeats) {
    int len = product(block);
    float[] one = new float[len];
    expandBias(block, one);
    float[] r = new float[Math.multiplyExact(len, repeats)];
    for (int i = 0; i < repeats; i++) {
      System.arraycopy(one, 0, r, i * len, len);
    }
    return r;
  }

  // Writes the bias broadcast to `block` (trailing output sizes, biasShape right-aligned) into dst.
  private void expandBias(int[] block, float[] dst) {
    int rank = block.length;
    int[] sizes = block;
    int[] strides = new int[rank];
    int s = 1;
    for (int d = biasShape.length - 1; d >= 0; d--) {
      int at = rank - (biasShape.length - d);
      if (at < 0 && biasShape[d] != 1) {
        throw new InvalidInputException("layer " + Messages.quote(name()) + ": bias of shape "
            + Arrays.toString(biasShape) + " has more axes than the output's " + Arrays.toString(block));
      }
      if (at >= 0) {
        if (biasShape[d] != 1 && biasShape[d] != block[at]) {
          throw new InvalidInputException("layer " + Messages.quote(name()) + ": bias of shape "
              + Arrays.toString(biasShape) + " does not broadcast to the output's trailing axes "
              + Arrays.toString(block));
        }
        strides[at] = biasShape[d] == 1 ? 0 : s;
      }
      s *= biasShape[d];
    }
    io.kerasj.internal.Strided.gather(bias, 0, sizes, strides, dst, 0);
  }

  /**
   * The terms of an equation EinsumDense can run: {@code {input, kernel, output}}, each with
   * {@code "..."} written as {@code '.'}.
   *
   * @throws UnsupportedFeatureException if the equation is not supported (see {@link Einsum})
   */
  public static String[] terms(String equation) {
    Einsum.parse(equation);
    String eq = equation.replace(" ", "").replace("...", ".");
    int arrow = eq.indexOf("->");
    String[] ins = eq.substring(0, arrow).split(",", -1);
    return new String[] {ins[0], ins[1], eq.substring(arrow + 2)};
  }

  /**
   * This layer as {@code x (rows × k) · kernel (k × n) + bias}, when it is one: a matrix product in
   * disguise (see the class comment) with its bias, if any, on the kernel's output axes and a linear
   * activation; else null. For layers that fuse several projections of the same input into one
   * product ({@code MultiHeadAttention}'s query, key and value).
   *
   * @param k contracted values per row
   * @param n outputs per row
   * @param kernel row-major {@code (k × n)} (not a copy)
   * @param bias {@code (n)}, or null (not a copy)
   */
  public record Product(int k, int n, float[] kernel, float[] bias) {}

  /** See {@link Product}. */
  public Product product() {
    if (packed == null || !biasFolded || activation != Activation.LINEAR) {
      return null;
    }
    return new Product(packed.k, packed.n, kernel, foldedBias);
  }

  /** The einsum equation, as Keras wrote it. */
  public String equation() {
    return einsum.equation();
  }

  /** The activation applied last. */
  public Activation activation() {
    return activation;
  }

  @Override
  public String kerasClass() {
    return "EinsumDense";
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return einsum.outputShape(inputShape, kernelShape);
  }

  @Override
  public long trainableParams() {
    return kernel.length + (bias == null ? 0L : bias.length);
  }

  @Override
  public Tensor call(Tensor x) {
    int[] outShape = einsum.outputShape(x.shape(), kernelShape);
    float[] out;
    if (packed != null) {
      // outputShape has checked the input's rank and contracted sizes against the kernel.
      int rows = x.size() / packed.k;
      out = Buffers.floatsToOverwrite(Math.multiplyExact(rows, packed.n));
      Kernels.affine(x.data(), 0, rows, packed, out, 0);
    } else {
      out = einsum.run(new float[][] {x.data(), kernel}, new int[][] {x.shape(), kernelShape});
    }
    if (!biasFolded) {
      addBias(out, outShape);
    }
    int cols = outShape.length == 0 ? 1 : outShape[outShape.length - 1];
    if (cols > 0) {
      activation.applyParallel(out, 0, out.length / cols, cols);
    }
    return Tensor.of(out, outShape);
  }

  private void addBias(float[] out, int[] outShape) {
    int r = Math.min(biasShape.length, outShape.length);
    int[] block = Arrays.copyOfRange(outShape, outShape.length - r, outShape.length);
    int len = product(block);
    if (len == 0) {
      return;
    }
    float[] b = Buffers.floats(len);
    expandBias(block, b);
    for (int o = 0; o < out.length; o += len) {
      for (int j = 0; j < len; j++) {
        out[o + j] += b[j];
      }
    }
    Buffers.release(b);
  }
}
