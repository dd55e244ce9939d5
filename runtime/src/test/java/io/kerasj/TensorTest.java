package io.kerasj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void roundTripsA3dArray() {
    float[][][] x = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};
    Tensor t = Tensor.of(x);
    assertArrayEquals(new int[] {2, 3, 2}, t.shape());
    assertEquals(10f, t.get(1, 1, 1));
    assertArrayEquals(x[1][2], t.toArray3D()[1][2]);
  }

  @Test
  void raggedInputNamesTheItem() {
    float[][][] x = {{{1}, {2}}, {{3}}};
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tensor.of(x));
    assertTrue(e.getMessage().contains("batch item 1"), e.getMessage());
  }

  @Test
  void shapeAndDataMustAgree() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tensor.of(new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Tensor.of(new float[0], -1, 0));
    assertThrows(InvalidInputException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
  }

  @Test
  void indexOutOfRangeIsOurException() {
    Tensor t = Tensor.zeros(2, 2);
    assertThrows(InvalidInputException.class, () -> t.get(2, 0));
    assertThrows(InvalidInputException.class, () -> t.get(0));
  }
}
