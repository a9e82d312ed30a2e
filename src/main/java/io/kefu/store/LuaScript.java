package io.kefu.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script shipped under {@code src/main/resources/redis/}. Runs with EVALSHA and falls back to
 * EVAL when Redis answers NOSCRIPT (after a restart or a failover the script cache is empty).
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final String sha1;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /** Loads {@code /redis/<name>.lua} from the classpath; fails fast when it is missing. */
  public static LuaScript load(String name) {
    String path = "/redis/" + name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script not on the classpath: " + path);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read Lua script " + path, e);
    }
  }

  public String name() {
    return name;
  }

  /** Runs the script with the given keys and arguments. */
  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    Request evalsha = request(Command.EVALSHA, sha1, keys, args);
    return redis.send(evalsha).recover(err -> {
      String message = String.valueOf(err.getMessage());
      if (message.startsWith("NOSCRIPT")) {
        return redis.send(request(Command.EVAL, source, keys, args));
      }
      return Future.failedFuture(err);
    });
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    for (String key : keys) {
      request.arg(key);
    }
    for (String arg : args) {
      request.arg(arg);
    }
    return request;
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JRE", e);
    }
  }
}
