package io.kerasj.internal;

import java.util.Arrays;

/**
 * Internal: the per-thread workspace of reusable {@code float[]} buffers that a model call uses
 * for its intermediate tensors and the layers' scratch, as ONNX Runtime and TensorFlow use an
 * arena. Public only so that {@link io.kerasj.Model} (another package) can open and close it; it
 * is not part of kerasj's supported API and may change in any release.
 *
 * <p>While a model call is running on a thread ({@link #enter()} … {@link #exit()}), {@link
 * #floats(int)} hands out a zero-filled array, reused from the thread's free list when one of
 * exactly that length is there, and {@link #release(float[])} gives an array back once nothing
 * reads it any more: the model does so for a layer output after its last consumer has run, a
 * layer for its scratch before it returns. Only arrays handed out during the current call can be
 * released; releasing anything else (an input, a weight, a carried state, an array of an earlier
 * call) is ignored. Arrays not released by the end of the outermost call (the model's outputs)
 * are forgotten, so they belong to the caller. Outside a model call {@link #floats(int)} is
 * {@code new float[n]} and {@link #release(float[])} does nothing, so layers called on their own
 * behave as before.
 *
 * <p>Retained memory is bounded per thread: a buffer longer than {@code
 * -Dkerasj.workspace.maxBufferFloats} (default 16M floats, 64 MB) is never kept, at most {@code
 * -Dkerasj.workspace.maxBuffers} (default 32) are kept, and at most {@code
 * -Dkerasj.workspace.maxFloats} (default 32M floats, 128 MB) in total; beyond that the oldest are
 * dropped. The memory stays with the thread (a pool thread of a service keeps its buffers) until
 * the thread ends. {@code -Dkerasj.workspace=false} turns reuse off.
 */
public final class Buffers {
  private Buffers() {}

  public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("kerasj.workspace", "true"));
  public static final int MAX_BUFFER_FLOATS = Integer.getInteger("kerasj.workspace.maxBufferFloats", 16 << 20);
  public static final int MAX_BUFFERS = Math.max(0, Integer.getInteger("kerasj.workspace.maxBuffers", 32));
  public static final long MAX_FLOATS = Long.getLong("kerasj.workspace.maxFloats", 32L << 20);

  private static final int MAX_LENT = 4096;

  private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

  /** One thread's free list and the arrays lent out during its current call. */
  private static final class Workspace {
    public int depth;
    // Free buffers, oldest first.
    public final float[][] free = new float[MAX_BUFFERS][];
    public int nFree;
    public long freeFloats;
    // Buffers handed out during the current outermost call and not yet released.
    public float[][] lent = new float[16][];
    public int nLent;

    public float[] take(int n, boolean zero) {
      for (int i = nFree - 1; i >= 0; i--) {
        float[] a = free[i];
        if (a.length == n) {
          removeFree(i);
          if (zero) {
            Arrays.fill(a, 0f);
          }
          lend(a);
          return a;
        }
      }
      float[] a = new float[n];
      if (n <= MAX_BUFFER_FLOATS) {
        lend(a);
      }
      return a;
    }

    public void lend(float[] a) {
      if (nLent == lent.length) {
        if (nLent >= MAX_LENT) {
          return; // not tracked: a layer that never gives its buffers back; they stay garbage
        }
        lent = Arrays.copyOf(lent, 2 * nLent);
      }
      lent[nLent++] = a;
    }

    public void giveBack(float[] a) {
      for (int i = nLent - 1; i >= 0; i--) {
        if (lent[i] == a) {
          lent[i] = lent[--nLent];
          lent[nLent] = null;
          keep(a);
          return;
        }
      }
    }

    public void keep(float[] a) {
      if (MAX_BUFFERS == 0 || a.length > MAX_BUFFER_FLOATS || a.length > MAX_FLOATS) {
        return;
      }
      while (nFree > 0 && (nFree == MAX_BUFFERS || freeFloats + a.length > MAX_FLOATS)) {
        removeFree(0);
      }
      free[nFree++] = a;
      freeFloats += a.length;
    }

    public void removeFree(int i) {
      freeFloats -= free[i].length;
      System.arraycopy(free, i + 1, free, i, nFree - i - 1);
      free[--nFree] = null;
    }

    public void forgetLent() {
      Arrays.fill(lent, 0, nLent, null);
      nLent = 0;
    }
  }

  /**
   * A zero-filled array of {@code n} floats: from the thread's workspace inside a model call, else
   * {@code new float[n]}.
   */
  public static float[] floats(int n) {
    if (!ENABLED) {
      return new float[n];
    }
    Workspace w = CURRENT.get();
    return w.depth == 0 ? new float[n] : w.take(n, true);
  }

  /**
   * {@link #floats(int)} for a caller that writes every element before reading any (a layer's
   * output computed element by element): a reused array is not zero-filled first, and holds the
   * values of an earlier call until overwritten.
   */
  public static float[] floatsToOverwrite(int n) {
    if (!ENABLED) {
      return new float[n];
    }
    Workspace w = CURRENT.get();
    return w.depth == 0 ? new float[n] : w.take(n, false);
  }

  /**
   * Gives back an array obtained from {@link #floats(int)} during the current model call, once
   * nothing reads it any more. Ignored for any other array ({@code null} included) and outside a
   * model call.
   */
  public static void release(float[] a) {
    if (!ENABLED || a == null) {
      return;
    }
    Workspace w = CURRENT.get();
    if (w.depth > 0) {
      w.giveBack(a);
    }
  }

  /** Starts a model call on this thread; calls nest (a model inside a model). Pair with {@link #exit()}. */
  public static void enter() {
    if (ENABLED) {
      CURRENT.get().depth++;
    }
  }

  /**
   * Ends a model call started by {@link #enter()}; at the end of the outermost call, arrays still
   * lent out are forgotten (they are the call's outputs, or were dropped by an exception).
   */
  public static void exit() {
    if (ENABLED) {
      Workspace w = CURRENT.get();
      if (--w.depth <= 0) {
        w.depth = 0;
        w.forgetLent();
      }
    }
  }

  /** The number of floats this thread's workspace keeps for reuse (for tests). */
  public static long retainedFloats() {
    return CURRENT.get().freeFloats;
  }
}
