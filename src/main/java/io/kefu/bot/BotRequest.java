package io.kefu.bot;

import java.time.Instant;

/**
 * One customer turn for the bot.
 *
 * @param conversationId the conversation it belongs to
 * @param channel        {@code wechat}, {@code wecom} …
 * @param account        the configured account id
 * @param customer       the customer's id on that channel (OpenID, external_userid …)
 */
public record BotRequest(String conversationId, String channel, String account, String customer,
                         Utterance utterance, Instant receivedAt) {
}
