package io.kerasj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.activations.Activation;
import io.kerasj.layers.regularization.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
  static final String HUGE = "a".repeat(16 << 20);

  @Test
  void shortValuesAreQuotedAsTheyAre() {
    assertEquals("'lstm'", Messages.quote("lstm"));
    assertEquals("{\"units\": 3}", Messages.snippet("{\"units\": 3}"));
    assertEquals("null", Messages.quote(null));
    assertEquals("'" + "x".repeat(Messages.MAX_CHARS) + "'", Messages.quote("x".repeat(Messages.MAX_CHARS)));
  }

  @Test
  void longValuesAreCutAndSayHowLongTheyWere() {
    String q = Messages.quote(HUGE);
    assertEquals("'" + "a".repeat(Messages.MAX_CHARS) + "…' (16777216 chars)", q);
    assertEquals("a".repeat(Messages.MAX_CHARS) + "… (16777216 chars)", Messages.snippet(HUGE));
  }

  @Test
  void controlAndFormattingCharactersAreEscaped() {
    String q = Messages.quote("a\nb\r\tc\u0000d\u001be\u007f\u0085f\u202eg\u2028h");
    assertEquals("'a\\nb\\r\\tc\\x00d\\x1be\\x7f\\x85f\\u202eg\\u2028h'", q);
    for (char c : q.toCharArray()) {
      assertFalse(Character.isISOControl(c), q);
    }
  }

  @Test
  void surrogatePairsStayWholeAndLoneHalvesAreEscaped() {
    String face = "\ud83d\ude00";
    assertEquals("'" + face + "'", Messages.quote(face));
    // The cut falls between the two halves of a pair: the whole pair goes.
    String q = Messages.quote("a".repeat(Messages.MAX_CHARS - 1) + face + "b");
    assertEquals("'" + "a".repeat(Messages.MAX_CHARS - 1) + "…' (" + (Messages.MAX_CHARS + 2) + " chars)", q);
    assertEquals("'x\\ud800y'", Messages.quote("x\ud800y"));
  }

  @Test
  void listsShowTwentyEntries() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      names.add("n" + i);
    }
    String l = Messages.list(names);
    assertTrue(l.startsWith("['n0', 'n1', "), l);
    assertTrue(l.endsWith("'n19', … and 980 more]"), l);
    assertEquals("['a\\n']", Messages.list(List.of("a\n")));
  }

  @Test
  void anExceptionMessageIsBoundedWhateverItsBuilderDid() {
    KerasjException e = new ModelFormatException("x: " + HUGE);
    assertTrue(e.getMessage().length() < KerasjException.MAX_MESSAGE_CHARS + 100, "" + e.getMessage().length());
    assertTrue(e.getMessage().endsWith("… (message of 16777219 chars cut)"));
  }

  @Test
  void runtimeMessagesQuoteNamesThroughTheHelper() {
    // An activation name and a layer name as long as a hostile file makes them.
    UnsupportedFeatureException a = assertThrows(UnsupportedFeatureException.class,
        () -> Activation.forKerasName(HUGE + "\n", 3));
    assertTrue(a.getMessage().contains("(16777217 chars)"), a.getMessage().substring(0, 300));
    assertTrue(a.getMessage().length() < 2000, "message of " + a.getMessage().length() + " chars");
    Model m = Model.sequential(HUGE, new int[] {-1, 2}, List.of(new Dropout("d\u0000" + HUGE)));
    InvalidInputException in = assertThrows(InvalidInputException.class,
        () -> m.predict(Tensor.of(new float[3], 1, 3)));
    assertTrue(in.getMessage().length() < 2000, "message of " + in.getMessage().length() + " chars");
    assertTrue(in.getMessage().contains("(16777216 chars)"), in.getMessage());
  }
}
