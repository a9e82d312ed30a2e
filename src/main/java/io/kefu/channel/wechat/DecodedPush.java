package io.kefu.channel.wechat;

/**
 * A verified, decoded callback.
 *
 * @param message   the typed message or event
 * @param encrypted whether it came encrypted (then the passive reply must be too)
 * @param nonce     the callback's nonce, reused in the reply envelope
 * @param json      whether it came in the JSON variant (then the reply envelope is JSON too)
 */
public record DecodedPush(InboundMessage message, boolean encrypted, String nonce, boolean json) {
}
