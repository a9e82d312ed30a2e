package io.kefu.app;

import io.kefu.channel.wechat.WeChatAccount;
import io.kefu.channel.wechat.WeChatPeer;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kefu simulate}: plays WeChat against a running Kefu. Signs and encrypts text messages with the
 * account's token and key exactly as WeChat does, posts them, and prints the decrypted reply.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Send messages to a running Kefu as WeChat would, and print the replies.")
final class SimulateCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, description = "YAML configuration with the account (default: config/kefu.yaml)")
  Path config;

  @Option(names = "--url", description = "Kefu's base URL (default: http://127.0.0.1:<http.port>)")
  String url;

  @Option(names = "--account", description = "configured account id (default: the first one)")
  String accountId;

  @Option(names = "--openid", defaultValue = "o_simulated_user", description = "the user's OpenID")
  String openId;

  @Option(names = "--original-id", defaultValue = "gh_kefu_demo", description = "the account's gh_ id")
  String originalId;

  @Option(names = "--mode", description = "plaintext, compatible or safe (default: the account's mode)")
  String mode;

  @Parameters(description = "messages to send; none: read lines from standard input")
  List<String> messages;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    KefuConfig cfg;
    try {
      cfg = ConfigLoader.load(vertx, config, System.getenv()).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println(e.getCause().getMessage());
      return 1;
    } finally {
      vertx.close();
    }
    if (cfg.accounts().isEmpty()) {
      System.err.println("No account configured: add one under 'accounts' in the configuration.");
      return 1;
    }
    WeChatAccount account = accountId == null ? cfg.accounts().values().iterator().next() : cfg.accounts().get(accountId);
    if (account == null) {
      System.err.println("No account '" + accountId + "'; configured: " + cfg.accounts().keySet());
      return 1;
    }
    WeChatAccount.MessageMode wireMode = mode == null ? account.mode()
        : WeChatAccount.MessageMode.valueOf(mode.toUpperCase(Locale.ROOT));
    String base = url != null ? url : "http://127.0.0.1:" + cfg.http().port();
    WeChatPeer peer = new WeChatPeer(account);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    if (messages != null && !messages.isEmpty()) {
      for (String message : messages) {
        send(http, peer, base, account, wireMode, message);
      }
      return 0;
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("Type a message and press Enter (Ctrl-D to quit).");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        send(http, peer, base, account, wireMode, line.strip());
      }
    }
    return 0;
  }

  private void send(HttpClient http, WeChatPeer peer, String base, WeChatAccount account,
                    WeChatAccount.MessageMode wireMode, String text) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    long msgId = ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
    WeChatPeer.Push push = peer.push(WeChatPeer.textXml(originalId, openId, now, text, msgId), openId, wireMode, now);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/wechat/" + account.id() + "?" + push.query()))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(push.body(), StandardCharsets.UTF_8))
        .build();
    long started = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("用户> " + text);
    if (response.statusCode() != 200) {
      System.out.println("  HTTP " + response.statusCode() + " (" + ms + " ms): the push was refused; see Kefu's log");
      return;
    }
    Map<String, String> reply = peer.openReply(response.body());
    if (reply.isEmpty()) {
      System.out.println("客服< (success: the answer follows through the customer-service API) [" + ms + " ms]");
    } else {
      System.out.println("客服< " + reply.getOrDefault("Content", reply.toString()) + "  [" + ms + " ms, "
          + (response.body().contains("<Encrypt>") ? "encrypted" : "plaintext") + "]");
    }
  }
}
