package io.kerasj.internal;

import io.kerasj.layers.Interpolation;

/**
 * TensorFlow's image resize kernels ({@code ResizeBilinear} and {@code ResizeNearestNeighbor} with
 * {@code half_pixel_centers=True}, {@code align_corners=False}, which {@code tf.image.resize} uses)
 * on {@code channels_last} images, reproducing their float32 arithmetic step by step so that the
 * results are TensorFlow's bit for bit: the scale is {@code in / (float) out}, source coordinates
 * and interpolation weights are computed in float, and each output is {@code top + (bottom − top)
 * · dy} with {@code top = tl + (tr − tl) · dx}.
 *
 * <p>Per output row the two source rows and the per-column weights are fixed, so the inner loop
 * runs over one pixel's contiguous channels. Rows of the batch are split across threads when the
 * image is large.
 */
public final class ImageResize {
  private ImageResize() {}

  /**
   * Resizes {@code batch} images of {@code h × w × c} (channels last) to {@code oh × ow × c} into
   * {@code out}.
   */
  public static void resize(float[] in, int batch, int h, int w, int c, int oh, int ow, Interpolation method,
                            float[] out) {
    if (oh == h && ow == w) {
      // TensorFlow returns the input as is (as float) for a resize to the same size.
      System.arraycopy(in, 0, out, 0, Math.multiplyExact(Math.multiplyExact(batch, oh), Math.multiplyExact(ow, c)));
      return;
    }
    int rows = Math.multiplyExact(batch, oh);
    long elements = (long) rows * ow * c * (method == Interpolation.BILINEAR ? 5 : 2);
    int slices = Spatial.slices(rows, elements);
    if (slices == 1) {
      rows(in, h, w, c, oh, ow, method, out, 0, rows);
    } else {
      Spatial.run(slices, rows, (lo, hi) -> rows(in, h, w, c, oh, ow, method, out, lo, hi));
    }
  }

  private static void rows(float[] in, int h, int w, int c, int oh, int ow, Interpolation method, float[] out, int lo,
                           int hi) {
    final float sy = h / (float) oh;
    final float sx = w / (float) ow;
    for (int r = lo; r < hi; r++) {
      int b = r / oh;
      int y = r % oh;
      int base = b * h * w * c;
      int dst = r * ow * c;
      if (method == Interpolation.NEAREST) {
        int row = base + nearest(y, sy, h) * w * c;
        for (int x = 0; x < ow; x++) {
          System.arraycopy(in, row + nearest(x, sx, w) * c, out, dst + x * c, c);
        }
        continue;
      }
      float fy = (y + 0.5f) * sy - 0.5f;
      float fy0 = (float) Math.floor(fy);
      int top = base + lower(fy0) * w * c;
      int bottom = base + upper(fy, h) * w * c;
      float dy = fy - fy0;
      for (int x = 0; x < ow; x++) {
        float fx = (x + 0.5f) * sx - 0.5f;
        float fx0 = (float) Math.floor(fx);
        int left = lower(fx0) * c;
        int right = upper(fx, w) * c;
        float dx = fx - fx0;
        int o = dst + x * c;
        for (int q = 0; q < c; q++) {
          float tl = in[top + left + q];
          float tr = in[top + right + q];
          float bl = in[bottom + left + q];
          float br = in[bottom + right + q];
          float t = tl + (tr - tl) * dx;
          float bt = bl + (br - bl) * dx;
          out[o + q] = t + (bt - t) * dy;
        }
      }
    }
  }

  // TF's ResizeNearestNeighbor with half-pixel centres: floor((i + 0.5) * scale), clamped.
  private static int nearest(int i, float scale, int size) {
    return Math.max(0, Math.min((int) Math.floor((i + 0.5f) * scale), size - 1));
  }

  private static int lower(float floor) {
    return Math.max((int) floor, 0);
  }

  private static int upper(float f, int size) {
    return Math.min((int) Math.ceil(f), size - 1);
  }
}
