package io.kefu.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCryptoTest {

  static List<WeChatVectors> vectors() {
    return WeChatVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyVectorSignatureMatches(WeChatVectors v) {
    assertThat(Signatures.msgSignature(v.token(), v.timestamp(), v.nonce(), v.encrypt()))
        .as("msg_signature of %s", v.name())
        .isEqualTo(v.msgSignature());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyVectorDecryptsToItsPlaintext(WeChatVectors v) {
    assertThat(v.crypto().decrypt(v.encrypt())).isEqualTo(v.expectedPlaintext());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encryptingWithTheVectorsRandomPrefixReproducesTheCiphertext(WeChatVectors v) {
    assertThat(v.crypto().encrypt(v.randomPrefix(), v.expectedPlaintext())).isEqualTo(v.encrypt());
  }

  @ParameterizedTest
  @CsvSource({
      "AAAAA, 1714036504, 1514711492, f464b24fc39322e44b38aa78f5edd27bd1441696",
      "AAAAA, 1714037059, 486452656, 899cf89e464efb63f54ddac96b0a0a235f53aa78",
      "AAAAA, 1714112445, 415670741, 6c5c811b55cc85e0e1b54100749188c20beb3f5d",
      "spamtest, 1409735669, 1320562132, 16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"})
  void plainSignatureVectors(String token, String timestamp, String nonce, String expected) {
    assertThat(Signatures.signature(token, timestamp, nonce)).isEqualTo(expected);
    assertThat(Signatures.matches(expected, Signatures.signature(token, timestamp, nonce))).isTrue();
  }

  @Test
  void randomEncryptionRoundTripsMultibyteText() {
    WeChatVectors v = WeChatVectors.named("mp-spamtest-post");
    MessageCrypto crypto = v.crypto();
    String message = "<xml><Content><![CDATA[我想退货，订单号E2026111200012345 😀]]></Content></xml>";
    String first = crypto.encrypt(message);
    assertThat(crypto.encrypt(message)).as("fresh random prefix each time").isNotEqualTo(first);
    assertThat(crypto.decrypt(first)).isEqualTo(message);
  }

  @Test
  void flippedCiphertextCharacterFailsTheSignature() {
    WeChatVectors v = WeChatVectors.named("mp-spamtest-post");
    char c = v.encrypt().charAt(10);
    String tampered = v.encrypt().substring(0, 10) + (c == 'A' ? 'B' : 'A') + v.encrypt().substring(11);
    String signature = Signatures.msgSignature(v.token(), v.timestamp(), v.nonce(), tampered);
    assertThat(Signatures.matches(signature, v.msgSignature())).isFalse();
  }

  @Test
  void wrongTokenFailsTheSignature() {
    WeChatVectors v = WeChatVectors.named("wecom-post");
    String signature = Signatures.msgSignature(v.token() + "x", v.timestamp(), v.nonce(), v.encrypt());
    assertThat(Signatures.matches(signature, v.msgSignature())).isFalse();
  }

  @Test
  void plusTurnedIntoSpaceInEchostrFailsTheSignature() {
    WeChatVectors v = WeChatVectors.named("wecom-verifyurl");
    assertThat(v.encrypt()).contains("+");
    String mangled = v.encrypt().replace('+', ' ');
    String signature = Signatures.msgSignature(v.token(), v.timestamp(), v.nonce(), mangled);
    assertThat(Signatures.matches(signature, v.msgSignature())).isFalse();
  }

  @Test
  void wrongAppIdIsRefusedAfterDecryption() {
    WeChatVectors v = WeChatVectors.named("mp-spamtest-post");
    MessageCrypto other = new MessageCrypto(v.encodingAesKey(), "wx0000000000000000");
    assertThatThrownBy(() -> other.decrypt(v.encrypt()))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.RECEIVE_ID_MISMATCH));
  }

  @Test
  void truncatedCiphertextIsRefused() {
    WeChatVectors v = WeChatVectors.named("mp-spamtest-post");
    String truncated = v.encrypt().substring(0, 40);
    assertThatThrownBy(() -> v.crypto().decrypt(truncated))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isIn(RejectReason.DECRYPT_FAILED, RejectReason.BUFFER_ILLEGAL,
                RejectReason.BASE64_INVALID));
  }

  @Test
  void ciphertextOfOtherKeyIsRefused() {
    WeChatVectors spam = WeChatVectors.named("mp-spamtest-post");
    MessageCrypto otherKey = new MessageCrypto("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", spam.receiveId());
    assertThatThrownBy(() -> otherKey.decrypt(spam.encrypt()))
        .isInstanceOf(CallbackRejectedException.class);
  }

  @Test
  void nonBase64IsRefused() {
    WeChatVectors v = WeChatVectors.named("mp-spamtest-post");
    assertThatThrownBy(() -> v.crypto().decrypt("not*base64!"))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.BASE64_INVALID));
  }

  @Test
  void illegalKeysAreRefusedAndTrailingBitsAreTolerated() {
    assertThatThrownBy(() -> MessageCrypto.decodeKey("tooShort"))
        .isInstanceOfSatisfying(CallbackRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.AES_KEY_ILLEGAL));
    assertThatThrownBy(() -> MessageCrypto.decodeKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+"))
        .isInstanceOf(CallbackRejectedException.class);
    // 'G' carries non-zero trailing bits; Tencent's own sample key must still decode
    assertThat(MessageCrypto.decodeKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")).hasSize(32);
  }
}
