package io.kefu.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A WeChat user writing to a test server's Official Account: safe-mode text pushes with fresh MsgIds. */
public final class WeChatCustomer {
  private static final AtomicLong MSG_IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private final WebClient web;
  private final int port;
  private final WeChatAccount account;
  private final WeChatPeer peer;

  public WeChatCustomer(WebClient web, int port, WeChatAccount account, WeChatPeer peer) {
    this.web = web;
    this.port = port;
    this.account = account;
    this.peer = peer;
  }

  /** Pushes {@code text} from {@code openId}; the push must be accepted (200). Returns the passive reply, or none. */
  public Map<String, String> says(String openId, String text) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml("gh_test", openId, now, text, MSG_IDS.incrementAndGet()),
        openId, WeChatAccount.MessageMode.SAFE, now);
    HttpResponse<Buffer> r = web.request(HttpMethod.POST, port, "127.0.0.1", "/wechat/" + account.id() + "?"
        + push.query()).sendBuffer(Buffer.buffer(push.body())).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as("push '%s' from %s", text, openId).isEqualTo(200);
    return "success".equals(r.bodyAsString()) ? Map.of() : peer.openReply(r.bodyAsString());
  }
}
