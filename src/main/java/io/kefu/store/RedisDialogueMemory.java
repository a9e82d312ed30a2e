package io.kefu.store;

import io.kefu.bot.DialogueMemory;
import io.kefu.bot.DialogueState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Dialogue state as a small JSON string per conversation, expiring after the bot's memory span. */
public final class RedisDialogueMemory implements DialogueMemory {
  private final Redis redis;
  private final Duration ttl;

  public RedisDialogueMemory(Redis redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  @Override
  public CompletionStage<DialogueState> load(String conversationId) {
    return redis.send(Request.cmd(Command.GET).arg(RedisKeys.dialogue(conversationId)))
        .map(r -> r == null ? DialogueState.EMPTY : decode(new JsonObject(r.toString())))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> save(String conversationId, DialogueState state) {
    JsonObject json = new JsonObject().put("misses", state.misses()).put("options", new JsonArray(state.options()))
        .put("pendingIntent", state.pendingIntent()).put("at", state.updatedAtMillis());
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.dialogue(conversationId)).arg(json.encode())
            .arg("PX").arg(ttl.toMillis()))
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  private static DialogueState decode(JsonObject json) {
    return new DialogueState(json.getInteger("misses", 0),
        json.getJsonArray("options", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getString("pendingIntent"), json.getLong("at", 0L));
  }
}
