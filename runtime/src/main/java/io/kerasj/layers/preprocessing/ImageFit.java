package io.kerasj.layers.preprocessing;

import io.kerasj.internal.Buffers;
import io.kerasj.internal.ImageResize;
import io.kerasj.internal.Spatial;
import io.kerasj.layers.Interpolation;

/**
 * The steps {@link Resizing} and {@link CenterCrop} share on {@code channels_last} batches: Keras'
 * {@code smart_resize} crop to the target's aspect ratio, its pad to it, and the resize.
 */
final class ImageFit {
  private ImageFit() {}

  /**
   * The centred crop box with the target's aspect ratio, {@code {top, left, height, width}}, as
   * {@code smart_resize} computes it: {@code crop_h = int(w · th / tw)} clamped to {@code [1, h]},
   * and likewise for the width; the start is {@code int((h − crop_h) / 2)}.
   *
   * @param float32 whether the division is TensorFlow's float32 (tf-keras, and Keras 3's
   *     {@code Resizing}) rather than Python's double (Keras 3's {@code CenterCrop}); they differ
   *     only once {@code w · th} passes 2^24
   */
  static int[] aspectCrop(int h, int w, int th, int tw, boolean float32) {
    int ch = Math.max(Math.min(h, divide((long) w * th, tw, float32)), 1);
    int cw = Math.max(Math.min(w, divide((long) h * tw, th, float32)), 1);
    return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
  }

  /**
   * Keras 3's {@code pad_to_aspect_ratio}: the rows added above and below and the columns added on
   * each side, {@code {top, left}}: {@code pad_h = max(h, int(w · th / tw))} in float32, and {@code
   * int((pad_h − h) / 2)} rows on each side (so an odd difference loses a row, as in Keras).
   */
  static int[] aspectPad(int h, int w, int th, int tw) {
    int ph = Math.max(h, divide((long) w * th, tw, true));
    int pw = Math.max(w, divide((long) h * tw, th, true));
    return new int[] {(ph - h) / 2, (pw - w) / 2};
  }

  private static int divide(long a, int b, boolean float32) {
    return float32 ? (int) ((float) a / (float) b) : (int) ((double) a / b);
  }

  /** The {@code ch × cw} block at {@code (top, left)} of each image, in a workspace array. */
  static float[] crop(float[] in, int batch, int h, int w, int c, int top, int left, int ch, int cw) {
    float[] out = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, ch), Math.multiplyExact(cw, c)));
    Spatial.copyBlock(in, batch, new int[] {1, h, w}, new int[] {0, top, left}, out, new int[] {1, ch, cw},
        new int[] {0, 0, 0}, new int[] {1, ch, cw}, c);
    return out;
  }

  /** Each image with {@code top} rows of {@code fill} above and below and {@code left} columns on each side. */
  static float[] pad(float[] in, int batch, int h, int w, int c, int top, int left, float fill) {
    int ph = h + 2 * top;
    int pw = w + 2 * left;
    float[] out = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, ph), Math.multiplyExact(pw, c)));
    if (fill != 0f) {
      java.util.Arrays.fill(out, fill);
    }
    Spatial.copyBlock(in, batch, new int[] {1, h, w}, new int[] {0, 0, 0}, out, new int[] {1, ph, pw},
        new int[] {0, top, left}, new int[] {1, h, w}, c);
    return out;
  }

  /** The images resized to {@code th × tw}, in a workspace array. */
  static float[] resize(float[] in, int batch, int h, int w, int c, int th, int tw, Interpolation method) {
    float[] out = Buffers.floats(Math.multiplyExact(Math.multiplyExact(batch, th), Math.multiplyExact(tw, c)));
    ImageResize.resize(in, batch, h, w, c, th, tw, method, out);
    return out;
  }
}
