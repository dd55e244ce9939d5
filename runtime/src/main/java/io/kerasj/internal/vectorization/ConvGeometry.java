package io.kerasj.internal.vectorization;

/**
 * The shape of one convolution call on channels-last images, a 1-D convolution being an image of
 * height 1 and a 2-D one a volume of depth 1: input {@code d × h × w × c}, output {@code od × oh ×
 * ow}, a {@code kd × kh × kw} kernel with strides and dilations, and the zeros TensorFlow pads
 * before the first plane, row and column.
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
  /** The depth axis of a 3-D convolution: 1, 1, 1, 1, 1 and 0 in 1-D and 2-D. */
  public final int d;
  public final int od;
  public final int kd;
  public final int sd;
  public final int dd;
  public final int padFront;

  /** A 1-D or 2-D geometry (depth 1). */
  public ConvGeometry(int h, int w, int c, int oh, int ow, int kh, int kw, int sh, int sw, int dh, int dw,
                      int padTop, int padLeft) {
    this(1, h, w, c, 1, oh, ow, 1, kh, kw, 1, sh, sw, 1, dh, dw, 0, padTop, padLeft);
  }

  /** A 3-D geometry: input {@code d × h × w × c}, output {@code od × oh × ow}. */
  public ConvGeometry(int d, int h, int w, int c, int od, int oh, int ow, int kd, int kh, int kw,
                      int sd, int sh, int sw, int dd, int dh, int dw, int padFront, int padTop, int padLeft) {
    this.d = d;
    this.od = od;
    this.kd = kd;
    this.sd = sd;
    this.dd = dd;
    this.padFront = padFront;
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

  /** Input pixels (voxels) per image. */
  public int inPixels() {
    return d * h * w;
  }

  /** Output pixels (voxels) per image. */
  public int outPixels() {
    return od * oh * ow;
  }

  /** Kernel taps. */
  public int taps() {
    return kd * kh * kw;
  }

  /** Whether the depth axis is more than one plane (input, output or kernel): a 3-D call. */
  public boolean deep() {
    return d != 1 || od != 1 || kd != 1;
  }
}
