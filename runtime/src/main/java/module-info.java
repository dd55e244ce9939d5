/**
 * kerasj's runtime: Keras layers by family, {@link io.kerasj.Model}, {@link io.kerasj.Tensor}. No
 * dependency outside {@code java.base}.
 *
 * <p>{@code io.kerasj.internal} and {@code io.kerasj.internal.vectorization} (kernels, workspace,
 * threading) are not exported: they change without notice. The Vector API kernels are used when
 * the JVM runs with {@code --add-modules jdk.incubator.vector}; the module then reads it at run
 * time, so it is not a dependency.
 */
module io.kerasj.runtime {
  exports io.kerasj;
  exports io.kerasj.activations;
  exports io.kerasj.layers;
  exports io.kerasj.layers.activations;
  exports io.kerasj.layers.applications;
  exports io.kerasj.layers.attention;
  exports io.kerasj.layers.convolutional;
  exports io.kerasj.layers.core;
  exports io.kerasj.layers.merging;
  exports io.kerasj.layers.normalization;
  exports io.kerasj.layers.pooling;
  exports io.kerasj.layers.preprocessing;
  exports io.kerasj.layers.regularization;
  exports io.kerasj.layers.reshaping;
  exports io.kerasj.layers.rnn;
  exports io.kerasj.ops;
}
