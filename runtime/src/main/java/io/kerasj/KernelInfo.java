package io.kerasj;

import io.kerasj.internal.vectorization.Kernels;

/**
 * Which of kerasj's two sets of compute kernels this JVM runs models on, and why: the JDK Vector
 * API kernels, used when the JVM runs with {@code --add-modules jdk.incubator.vector}, or the
 * portable scalar kernels (loops that HotSpot auto-vectorizes), slower on large layers. Both give
 * the same results to the bit. The choice is made once per JVM, when the first model is built;
 * without the module, that first model load also logs one WARNING through {@link System.Logger}
 * (logger {@code io.kerasj}) naming the flag. See the README's Java quick start and Performance
 * sections.
 *
 * <p>An immutable snapshot: with {@code -Dkerasj.vector=warmup} the kernels change from scalar to
 * the Vector API once the latter are compiled, so a later call may tell otherwise.
 */
public final class KernelInfo {
  private final String name;
  private final boolean vectorApi;
  private final String description;

  private KernelInfo(String name, boolean vectorApi, String description) {
    this.name = name;
    this.vectorApi = vectorApi;
    this.description = description;
  }

  /** The kernels in use now. */
  public static KernelInfo current() {
    return new KernelInfo(Kernels.name(), Kernels.vectorApi(), Kernels.description());
  }

  /** A short name: {@code "panama-512"} (Vector API, 512-bit vectors), {@code "panama-256"}, or {@code "scalar"}. */
  public String name() {
    return name;
  }

  /** Whether the Vector API kernels are in use. */
  public boolean vectorApi() {
    return vectorApi;
  }

  /** One line for logs: the kernels in use and why, e.g. {@code "scalar (module jdk.incubator.vector not readable)"}. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
