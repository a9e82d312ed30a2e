package io.kefu.channel.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that refuses malformed input instead of inserting U+FFFD. */
public final class StrictUtf8 {
  private StrictUtf8() {
  }

  public static String decode(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CallbackRejectedException(RejectReason.UTF8_INVALID);
    }
  }

  public static String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }
}
