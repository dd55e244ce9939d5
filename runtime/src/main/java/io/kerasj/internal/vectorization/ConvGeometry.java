package io.kerasj.internal.vectorization;

/**
 * The shape of one convolution call on channels-last images, a 1-D convolution being an image of
 * height 1: input {@code h × w × c}, output {@code oh × ow}, a {@code kh × kw} kernel with strides
 * and dilations, and the zeros TensorFlow pads before the first row and column.
 *
 * <p>For a forward convolution, output pixel {@code (oy, ox)} reads tap {@code (i, j)} from input
 * pixel {@code (oy·sh + i·dh − padTop, ox·sw + j·dw − padLeft)}, and a tap that falls outside the
 * input reads zero. A transposed convolution is the adjoint of that map: input pixel {@code (y, x)}
 * adds into output pixel {@code (y·sh + i·dh − padTop, x·sw + j·dw − padLeft)}.
 */
public final class ConvGeometry {
  public final int h;
  public final int w;
  public final int c;
  public final int oh;
  public final int ow;
  public final int kh;
  public final int kw;
  public final int sh;
  public final int sw;
  public final int dh;
  public final int dw;
  public final int padTop;
  public final int padLeft;

  public ConvGeometry(int h, int w, int c, int oh, int ow, int kh, int kw, int sh, int sw, int dh, int dw,
                      int padTop, int padLeft) {
    this.h = h;
    this.w = w;
    this.c = c;
    this.oh = oh;
    this.ow = ow;
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    this.dh = dh;
    this.dw = dw;
    this.padTop = padTop;
    this.padLeft = padLeft;
  }

  /** Input pixels per image. */
  public int inPixels() {
    return h * w;
  }

  /** Output pixels per image. */
  public int outPixels() {
    return oh * ow;
  }

  /** Kernel taps. */
  public int taps() {
    return kh * kw;
  }
}
