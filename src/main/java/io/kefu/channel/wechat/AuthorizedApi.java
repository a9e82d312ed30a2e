package io.kefu.channel.wechat;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON calls that carry an {@code access_token}, shared by the Official Account and WeCom clients: an
 * {@code errcode} other than 0 fails with {@link WeChatApiException}; when the token is rejected
 * (40001/40014/42001) the call is made once more with a fresh token.
 */
public final class AuthorizedApi {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizedApi.class);

  private final WeChatHttpTransport http;
  private final AccessTokens tokens;
  private final ApiCallMetrics metrics;

  /** @param registry Micrometer registry for {@code kefu_wechat_api_calls_total}, or null */
  public AuthorizedApi(WeChatHttpTransport http, AccessTokens tokens, MeterRegistry registry) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.metrics = new ApiCallMetrics(registry);
  }

  public AccessTokens tokens() {
    return tokens;
  }

  /** One POST with the current token; after a token rejection one more POST with a fresh token. */
  public Future<JsonObject> post(TokenOwner owner, String api, String path, JsonObject body) {
    return tokens.token(owner).compose(token -> postOnce(api, path, token, body).recover(failure -> {
      if (failure instanceof WeChatApiException e && e.kind() == WeChatApiException.Kind.TOKEN_INVALID) {
        LOG.info("{} rejected the access token of {} (errcode {}); refreshing once", api, owner.tokenKey(),
            e.errcode());
        return tokens.refreshAfterRejection(owner, token).compose(fresh -> postOnce(api, path, fresh, body));
      }
      return Future.failedFuture(failure);
    }));
  }

  private Future<JsonObject> postOnce(String api, String path, String token, JsonObject body) {
    return http.post(api, path, Map.of("access_token", token), body)
        .compose(json -> {
          int errcode = json.getInteger("errcode", 0);
          return errcode == 0
              ? Future.succeededFuture(json)
              : Future.failedFuture(WeChatApiException.fromErrcode(api, errcode, json.getString("errmsg")));
        })
        .andThen(done -> metrics.record(api, done.cause()));
  }
}
