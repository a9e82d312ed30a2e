package io.kefu.agent;

import io.kefu.store.LuaScript;
import io.kefu.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Agent accounts in Redis: one hash per agent ({@link RedisKeys#agent}) plus the set of ids. Writes set
 * only the account's own fields, because routing keeps presence fields in the same hash. Password
 * hashing runs on a worker thread, never on the event loop.
 */
public final class AgentDirectory {
  public static final int MIN_PASSWORD_LENGTH = 8;
  public static final int MAX_PASSWORD_LENGTH = 256;
  public static final int MAX_FAILURES = 5;
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final Duration LOCKOUT = Duration.ofMinutes(15);

  private static final LuaScript CREATE = LuaScript.load("agent-create");
  private static final LuaScript UPDATE = LuaScript.load("agent-update");
  private static final LuaScript FAILURE = LuaScript.load("agent-login-failure");
  /** Hash fields read back, in this order. */
  private static final List<String> FIELDS = List.of("id", "name", "roles", "groups", "maxChats", "disabled");

  private final Vertx vertx;
  private final Redis redis;
  private final Clock clock;
  private final PasswordHasher hasher;
  /** Checked against when the id is unknown, so unknown ids cost as much time as wrong passwords. */
  private volatile String decoyHash;

  public AgentDirectory(Vertx vertx, Redis redis, Clock clock, PasswordHasher hasher) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
    this.hasher = hasher;
  }

  /** Stores a new account; fails with 409 when the id is taken, 400 when the password is too short. */
  public Future<AgentAccount> create(AgentAccount account, String password) {
    return insert(account, password, false).compose(created -> created == 1 ? Future.succeededFuture(account)
        : Future.failedFuture(ApiErrors.conflict("agent '" + account.id() + "' already exists")));
  }

  /** The account, or null when there is none with this id. */
  public Future<AgentAccount> get(String id) {
    if (!AgentAccount.isValidId(id)) {
      return Future.succeededFuture(null);
    }
    return read(redis, id);
  }

  /** The account as stored now, or null (for readers that need no password hashing, e.g. token checks). */
  static Future<AgentAccount> read(Redis redis, String id) {
    return redis.send(hmget(id, FIELDS)).map(AgentDirectory::account);
  }

  /** Every account, sorted by id. */
  public Future<List<AgentAccount>> list() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.agents())).compose(members -> {
      Set<String> ids = new TreeSet<>();
      for (Response member : members) {
        ids.add(member.toString());
      }
      if (ids.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      List<Request> reads = new ArrayList<>(ids.size());
      for (String id : ids) {
        reads.add(hmget(id, FIELDS));
      }
      return redis.batch(reads).map(responses -> {
        List<AgentAccount> accounts = new ArrayList<>(responses.size());
        for (Response response : responses) {
          AgentAccount account = account(response);
          if (account != null) {
            accounts.add(account);
          }
        }
        return accounts;
      });
    });
  }

  /** Replaces the account's name, roles, groups, maxChats and disabled flag; 404 when there is no such account. */
  public Future<AgentAccount> update(AgentAccount account) {
    return UPDATE.run(redis, List.of(RedisKeys.agent(account.id())), accountFields(account))
        .compose(r -> r.toInteger() == 1 ? Future.succeededFuture(account) : Future.failedFuture(missing(account.id())));
  }

  /** Sets a new password and clears the id's failed-login count (which also lifts a lock). */
  public Future<Void> setPassword(String id, String password) {
    if (!AgentAccount.isValidId(id)) {
      return Future.failedFuture(missing(id));
    }
    return hash(password)
        .compose(pwd -> UPDATE.run(redis, List.of(RedisKeys.agent(id)), List.of("pwd", pwd)))
        .compose(r -> r.toInteger() == 1 ? Future.succeededFuture() : Future.<Void>failedFuture(missing(id)))
        .compose(v -> redis.send(Request.cmd(Command.DEL).arg(RedisKeys.agentLoginFailures(id))))
        .mapEmpty();
  }

  /**
   * The account when id and password match and it is enabled. Fails with a 401 {@link ApiException}
   * (code {@code invalid_credentials}, the same for an unknown id and a wrong password; code
   * {@code account_disabled} for a disabled account with the right password) or, once an id has
   * {@value #MAX_FAILURES} failures within {@link #FAILURE_WINDOW}, a 429 {@code locked} for {@link #LOCKOUT}.
   */
  public Future<AgentAccount> authenticate(String id, String password) {
    if (!AgentAccount.isValidId(id) || password == null || password.isEmpty()
        || password.length() > MAX_PASSWORD_LENGTH) {
      return Future.failedFuture(invalidCredentials());
    }
    String failures = RedisKeys.agentLoginFailures(id);
    List<String> withPassword = new ArrayList<>(FIELDS);
    withPassword.add("pwd");
    return redis.send(Request.cmd(Command.GET).arg(failures)).compose(count -> {
      if (count != null && count.toLong() >= MAX_FAILURES) {
        return Future.failedFuture(locked());
      }
      return redis.send(hmget(id, withPassword));
    }).compose(stored -> {
      AgentAccount account = account(stored);
      Response pwd = stored.get(FIELDS.size());
      return matches(password, account == null || pwd == null ? null : pwd.toString()).compose(ok -> {
        if (!ok || account == null) {
          return FAILURE.run(redis, List.of(failures), List.of(Long.toString(FAILURE_WINDOW.toMillis()),
                  Integer.toString(MAX_FAILURES), Long.toString(LOCKOUT.toMillis())))
              .compose(n -> Future.failedFuture(invalidCredentials()));
        }
        if (account.disabled()) {
          return Future.failedFuture(new ApiException(401, "account_disabled", "账号已停用，请联系管理员"));
        }
        return redis.send(Request.cmd(Command.DEL).arg(failures)).map(account);
      });
    });
  }

  /**
   * Creates {@code id} as an admin in group {@value AgentAccount#DEFAULT_GROUP} when the directory has
   * no agent at all (first start). True when it was created.
   */
  public Future<Boolean> ensureBootstrapAdmin(String id, String password) {
    AgentAccount admin;
    try {
      admin = new AgentAccount(id, id, Set.of(Role.ADMIN), Set.of(AgentAccount.DEFAULT_GROUP),
          AgentAccount.DEFAULT_MAX_CHATS, false);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return redis.send(Request.cmd(Command.SCARD).arg(RedisKeys.agents())).compose(count -> count.toLong() > 0
        ? Future.succeededFuture(false)
        : insert(admin, password, true).map(created -> created == 1));
  }

  private Future<Integer> insert(AgentAccount account, String password, boolean onlyIfEmpty) {
    return hash(password).compose(pwd -> {
      List<String> args = new ArrayList<>();
      args.add(onlyIfEmpty ? "1" : "0");
      args.add(account.id());
      args.addAll(List.of("id", account.id()));
      args.addAll(accountFields(account));
      args.addAll(List.of("pwd", pwd, "createdAt", Long.toString(clock.millis())));
      return CREATE.run(redis, List.of(RedisKeys.agent(account.id()), RedisKeys.agents()), args);
    }).map(Response::toInteger);
  }

  private Future<String> hash(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException("password: must be " + MIN_PASSWORD_LENGTH + " to "
          + MAX_PASSWORD_LENGTH + " characters"));
    }
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  private Future<Boolean> matches(String password, String stored) {
    return vertx.executeBlocking(() -> {
      if (stored != null) {
        return hasher.verify(password, stored);
      }
      if (decoyHash == null) {
        decoyHash = hasher.hash("decoy password");
      }
      hasher.verify(password, decoyHash);
      return false;
    }, false);
  }

  private static List<String> accountFields(AgentAccount account) {
    return Arrays.asList(
        "name", account.name(),
        "roles", String.join(",", AgentAccount.roleNames(account.roles())),
        "groups", String.join(",", account.groups()),
        "maxChats", Integer.toString(account.maxChats()),
        "disabled", Boolean.toString(account.disabled()));
  }

  private static Request hmget(String id, List<String> fields) {
    Request request = Request.cmd(Command.HMGET).arg(RedisKeys.agent(id));
    fields.forEach(request::arg);
    return request;
  }

  /** The account in an HMGET answer over {@link #FIELDS}, or null when the hash holds no account. */
  private static AgentAccount account(Response fields) {
    if (fields == null || fields.get(0) == null) {
      return null;
    }
    String id = fields.get(0).toString();
    try {
      return new AgentAccount(id, text(fields.get(1)),
          AgentAccount.parseRoles(split(text(fields.get(2)))),
          new TreeSet<>(split(text(fields.get(3)))),
          Integer.parseInt(text(fields.get(4))),
          Boolean.parseBoolean(text(fields.get(5))));
    } catch (RuntimeException e) {
      throw new IllegalStateException("stored agent '" + id + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static String text(Response response) {
    return response == null ? "" : response.toString();
  }

  private static List<String> split(String commaSeparated) {
    return commaSeparated.isEmpty() ? List.of() : Arrays.asList(commaSeparated.split(","));
  }

  private static ApiException invalidCredentials() {
    return new ApiException(401, "invalid_credentials", "账号或密码错误");
  }

  private static ApiException locked() {
    return new ApiException(429, "locked", "登录失败次数过多，请 " + LOCKOUT.toMinutes() + " 分钟后再试");
  }

  private static ApiException missing(String id) {
    return ApiErrors.notFound("no agent '" + id + "'");
  }
}
