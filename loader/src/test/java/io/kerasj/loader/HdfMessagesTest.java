package io.kerasj.loader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What a corrupt HDF5 structure is reported as: the file's fault in words, not a library's exception text. */
class HdfMessagesTest {
  @Test
  void anAddressBeyondALongIsReportedAsCorruptionNotAsArithmeticException() throws IOException {
    // Found by FullHdf5FuzzTest: jhdf converts an address to unsigned and throws
    // "ArithmeticException: Could not convert to unsigned value", which reached the message as is.
    byte[] b;
    try (InputStream in = getClass().getResourceAsStream(
        "FullHdf5FuzzTestInputs/fuzz/regression_unsigned_address_overflow.h5")) {
      b = in.readAllBytes();
    }
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(b));
    assertTrue(e.getMessage().startsWith("<bytes>: not a readable HDF5 file"), e.getMessage());
    assertTrue(e.getMessage().contains("too large to be read: the file is corrupt"), e.getMessage());
    assertFalse(e.getMessage().contains("ArithmeticException"), e.getMessage());
  }
}
