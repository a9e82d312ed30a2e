package io.kefu.channel.wechat;

import java.util.function.Function;

/**
 * Verifies, decrypts and parses the callbacks of one configured account, and encodes passive replies.
 * Plain Java; implemented for Official Accounts ({@link OfficialAccountCodec}) and WeCom apps.
 */
public interface PushCodec {

  /** Kefu's id of the account, the {@code {account}} of the callback URL. */
  String accountId();

  /**
   * GET URL verification: the exact body to answer when the signature matches.
   *
   * @throws CallbackRejectedException when it does not
   */
  String verifyUrl(Function<String, String> query);

  /**
   * Verifies and decodes a POST callback.
   *
   * @throws CallbackRejectedException with the reason it was refused
   */
  DecodedPush decode(Function<String, String> query, String body);

  /** The wire body of a passive reply ({@code replyXml} in plaintext) to {@code push}. */
  String encodeReply(String replyXml, DecodedPush push);

  /** Content type of {@link #encodeReply}'s result. */
  default String replyContentType(DecodedPush push) {
    return push.json() ? "application/json; charset=utf-8" : "application/xml; charset=utf-8";
  }
}
