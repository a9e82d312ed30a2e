package io.kefu.agent;

import static io.kefu.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.kefu.app.ConfigParser;
import io.kefu.app.KefuServer;
import io.kefu.app.TestServers;
import io.kefu.bot.KeywordResponder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real server on a random port with a real Redis: the account endpoints as the agent console uses them. */
@ExtendWith(VertxExtension.class)
class AgentAccountsApiTest {
  private KefuServer server;
  private WebClient client;
  private String adminId;
  private String adminToken;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject tree = TestServers.config("http://127.0.0.1:9", "safe")
        .put("nlp", new JsonObject().put("enabled", false))
        .put("agents", new JsonObject().put("passwordIterations", 1_000));
    server = await(KefuServer.start(vertx, ConfigParser.parse(tree),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), new KeywordResponder()));
    client = WebClient.create(vertx);
    adminId = AgentDirectoryTest.randomId();
    await(server.agents().directory().create(AgentAccount.of(adminId, "管理员", Set.of(Role.ADMIN)), "admin-password"));
    adminToken = login(adminId, "admin-password").bodyAsJsonObject().getString("token");
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      await(server.close());
    }
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> request = client.request(method, server.port(), "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request;
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = request(method, path, token);
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private HttpResponse<Buffer> login(String id, String password) throws Exception {
    return send(HttpMethod.POST, "/api/login", null, new JsonObject().put("id", id).put("password", password));
  }

  /** Creates an agent through the API as the admin and returns its token. */
  private String agentWithToken(String id) throws Exception {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/agents", adminToken, new JsonObject()
        .put("id", id).put("name", "坐席" + id.substring(0, 4)).put("password", "agent-password")
        .put("groups", new JsonArray().add("billing")).put("maxChats", 4));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return login(id, "agent-password").bodyAsJsonObject().getString("token");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }

  @Test
  void loginReturnsATokenAndTheAccount() throws Exception {
    HttpResponse<Buffer> response = login(adminId, "admin-password");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("token")).contains(".");
    assertThat(body.getString("expiresAt")).isNotBlank();
    assertThat(body.getJsonObject("agent").getString("id")).isEqualTo(adminId);
    assertThat(body.getJsonObject("agent").getJsonArray("roles")).containsExactly("admin");
    assertThat(body.encode()).doesNotContain("pbkdf2").doesNotContain("admin-password");
  }

  @Test
  void wrongPasswordAndUnknownIdAreTheSame401() throws Exception {
    HttpResponse<Buffer> wrong = login(adminId, "not-the-password");
    HttpResponse<Buffer> unknown = login(AgentDirectoryTest.randomId(), "not-the-password");
    assertError(wrong, 401, "invalid_credentials");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.bodyAsJsonObject()).isEqualTo(wrong.bodyAsJsonObject());
  }

  @Test
  void missingGarbageAndNonBearerTokensAre401() throws Exception {
    assertError(send(HttpMethod.GET, "/api/me", null, null), 401, "unauthorized");
    assertError(send(HttpMethod.GET, "/api/me", "garbage.token.here", null), 401, "unauthorized");
    HttpResponse<Buffer> basic = await(request(HttpMethod.GET, "/api/me", null)
        .putHeader("Authorization", "Basic YWRtaW46YWRtaW4=").send());
    assertError(basic, 401, "unauthorized");
    assertThat(basic.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void adminCreatesAnAgentWhoLogsInAndSeesThemselves() throws Exception {
    String id = AgentDirectoryTest.randomId();
    String token = agentWithToken(id);
    HttpResponse<Buffer> me = send(HttpMethod.GET, "/api/me", token, null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", id).put("name", "坐席" + id.substring(0, 4))
        .put("roles", new JsonArray().add("agent")).put("groups", new JsonArray().add("billing")).put("maxChats", 4)
        .put("disabled", false));
  }

  @Test
  void agentCallingAdminAndSupervisorEndpointsIsForbidden() throws Exception {
    String token = agentWithToken(AgentDirectoryTest.randomId());
    assertError(send(HttpMethod.POST, "/api/agents", token, new JsonObject().put("id", "zz" + System.nanoTime())
        .put("name", "x").put("password", "password-1")), 403, "forbidden");
    assertError(send(HttpMethod.PUT, "/api/agents/" + adminId, token, new JsonObject().put("disabled", true)),
        403, "forbidden");
    assertError(send(HttpMethod.GET, "/api/agents", token, null), 403, "forbidden");
    assertError(send(HttpMethod.GET, "/api/audit", token, null), 403, "forbidden");
    assertError(send(HttpMethod.POST, "/api/agents/" + adminId + "/password", token,
        new JsonObject().put("password", "hijacked-1")), 403, "forbidden");
    assertThat(login(adminId, "admin-password").statusCode()).as("admin password unchanged").isEqualTo(200);
  }

  @Test
  void supervisorListsAgentsButCannotCreateThem() throws Exception {
    String id = AgentDirectoryTest.randomId();
    String token = agentWithToken(id);
    assertThat(send(HttpMethod.PUT, "/api/agents/" + id, adminToken,
        new JsonObject().put("roles", new JsonArray().add("supervisor"))).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> list = send(HttpMethod.GET, "/api/agents", token, null);
    assertThat(list.statusCode()).isEqualTo(200);
    List<String> ids = list.bodyAsJsonObject().getJsonArray("agents").stream()
        .map(a -> ((JsonObject) a).getString("id")).toList();
    assertThat(ids).contains(id, adminId);
    assertThat(send(HttpMethod.GET, "/api/audit", token, null).statusCode()).isEqualTo(200);
    assertError(send(HttpMethod.POST, "/api/agents", token, new JsonObject().put("id", "zz" + System.nanoTime())
        .put("name", "x").put("password", "password-1")), 403, "forbidden");
  }

  @Test
  void disabledAgentsTokenIsRefusedAtOnceAndLoginToo() throws Exception {
    String id = AgentDirectoryTest.randomId();
    String token = agentWithToken(id);
    assertThat(send(HttpMethod.GET, "/api/me", token, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> disabled = send(HttpMethod.PUT, "/api/agents/" + id, adminToken,
        new JsonObject().put("disabled", true));
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(disabled.bodyAsJsonObject().getBoolean("disabled")).isTrue();
    assertError(send(HttpMethod.GET, "/api/me", token, null), 401, "account_disabled");
    assertError(login(id, "agent-password"), 401, "account_disabled");
  }

  @Test
  void partialUpdateChangesOnlyTheGivenFields() throws Exception {
    String id = AgentDirectoryTest.randomId();
    agentWithToken(id);
    HttpResponse<Buffer> updated = send(HttpMethod.PUT, "/api/agents/" + id, adminToken,
        new JsonObject().put("maxChats", 9).put("groups", new JsonArray().add("vip").add("billing")));
    assertThat(updated.statusCode()).isEqualTo(200);
    AgentAccount stored = await(server.agents().directory().get(id));
    assertThat(stored.maxChats()).isEqualTo(9);
    assertThat(stored.groups()).containsExactly("billing", "vip");
    assertThat(stored.name()).isEqualTo("坐席" + id.substring(0, 4));
    assertThat(stored.roles()).containsExactly(Role.AGENT);
  }

  @Test
  void adminCannotLockThemselvesOut() throws Exception {
    assertError(send(HttpMethod.PUT, "/api/agents/" + adminId, adminToken, new JsonObject().put("disabled", true)),
        409, "conflict");
    assertError(send(HttpMethod.PUT, "/api/agents/" + adminId, adminToken,
        new JsonObject().put("roles", new JsonArray().add("agent"))), 409, "conflict");
    assertThat(await(server.agents().directory().get(adminId)).has(Role.ADMIN)).isTrue();
  }

  @Test
  void unknownAgentIs404AndDuplicateIs409() throws Exception {
    assertError(send(HttpMethod.PUT, "/api/agents/" + AgentDirectoryTest.randomId(), adminToken,
        new JsonObject().put("maxChats", 2)), 404, "not_found");
    assertError(send(HttpMethod.GET, "/api/agents/" + AgentDirectoryTest.randomId(), adminToken, null),
        404, "not_found");
    assertError(send(HttpMethod.POST, "/api/agents", adminToken, new JsonObject().put("id", adminId)
        .put("name", "x").put("password", "password-1")), 409, "conflict");
  }

  @Test
  void agentChangesOwnPasswordWithTheOldOneAndAdminResetsIt() throws Exception {
    String id = AgentDirectoryTest.randomId();
    String token = agentWithToken(id);
    String path = "/api/agents/" + id + "/password";
    assertError(send(HttpMethod.POST, path, token, new JsonObject().put("password", "new-password-1")),
        400, "bad_request");
    assertError(send(HttpMethod.POST, path, token, new JsonObject().put("password", "new-password-1")
        .put("oldPassword", "not-it")), 403, "wrong_password");
    assertThat(send(HttpMethod.POST, path, token, new JsonObject().put("password", "new-password-1")
        .put("oldPassword", "agent-password")).statusCode()).isEqualTo(204);
    assertThat(login(id, "new-password-1").statusCode()).isEqualTo(200);
    assertThat(login(id, "agent-password").statusCode()).isEqualTo(401);

    assertThat(send(HttpMethod.POST, path, adminToken, new JsonObject().put("password", "reset-by-admin"))
        .statusCode()).isEqualTo(204);
    assertThat(login(id, "reset-by-admin").statusCode()).isEqualTo(200);
    assertError(send(HttpMethod.POST, path, adminToken, new JsonObject().put("password", "short")),
        400, "bad_request");
  }

  @Test
  void auditShowsWhoDidWhat() throws Exception {
    String id = AgentDirectoryTest.randomId();
    agentWithToken(id);
    login(id, "wrong-password");
    send(HttpMethod.PUT, "/api/agents/" + id, adminToken, new JsonObject().put("disabled", true));
    send(HttpMethod.POST, "/api/agents/" + id + "/password", adminToken, new JsonObject().put("password", "p-123456"));

    HttpResponse<Buffer> byAdmin = send(HttpMethod.GET, "/api/audit?limit=10&actor=" + adminId, adminToken, null);
    assertThat(byAdmin.statusCode()).isEqualTo(200);
    List<JsonObject> entries = byAdmin.bodyAsJsonObject().getJsonArray("entries").stream()
        .map(JsonObject.class::cast).toList();
    assertThat(entries).extracting(e -> e.getString("action") + " " + e.getString("target"))
        .containsExactly("agent.password " + id, "agent.update " + id, "agent.create " + id, "login " + adminId);
    assertThat(entries.get(1).getString("detail")).contains("disabled: false -> true");
    assertThat(entries).allSatisfy(e -> assertThat(e.getString("actor")).isEqualTo(adminId));

    HttpResponse<Buffer> byAgent = send(HttpMethod.GET, "/api/audit?actor=" + id, adminToken, null);
    assertThat(byAgent.bodyAsJsonObject().getJsonArray("entries").stream().map(JsonObject.class::cast)
        .map(e -> e.getString("action")).toList()).containsExactly("login.failed", "login");
  }

  @Test
  void auditLimitMustBeANumberInRange() throws Exception {
    assertError(send(HttpMethod.GET, "/api/audit?limit=abc", adminToken, null), 400, "bad_request");
    assertError(send(HttpMethod.GET, "/api/audit?limit=0", adminToken, null), 400, "bad_request");
  }

  @Test
  void malformedJsonUnknownFieldsAndWrongTypesAre400NamingTheField() throws Exception {
    HttpResponse<Buffer> malformed = await(request(HttpMethod.POST, "/api/login", null)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"id\": ")));
    assertError(malformed, 400, "bad_request");
    HttpResponse<Buffer> array = await(request(HttpMethod.POST, "/api/login", null)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1]")));
    assertError(array, 400, "bad_request");
    assertError(await(request(HttpMethod.POST, "/api/login", null).send()), 400, "bad_request");

    HttpResponse<Buffer> unknown = send(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("id", adminId).put("password", "admin-password").put("remember", true));
    assertError(unknown, 400, "bad_request");
    assertThat(unknown.bodyAsJsonObject().getString("message")).contains("remember");

    HttpResponse<Buffer> wrongType = send(HttpMethod.POST, "/api/agents", adminToken, new JsonObject()
        .put("id", AgentDirectoryTest.randomId()).put("name", "x").put("password", "password-1").put("maxChats", "3"));
    assertError(wrongType, 400, "bad_request");
    assertThat(wrongType.bodyAsJsonObject().getString("message")).startsWith("maxChats");

    HttpResponse<Buffer> badRole = send(HttpMethod.PUT, "/api/agents/" + adminId, adminToken,
        new JsonObject().put("roles", new JsonArray().add("root")));
    assertError(badRole, 400, "bad_request");
    assertThat(badRole.bodyAsJsonObject().getString("message")).startsWith("roles");

    HttpResponse<Buffer> readOnly = send(HttpMethod.PUT, "/api/agents/" + adminId, adminToken,
        new JsonObject().put("id", "renamed"));
    assertError(readOnly, 400, "bad_request");
    assertThat(readOnly.bodyAsJsonObject().getString("message")).contains("'id'");
  }

  @Test
  void oversizedBodyIs413Json() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("id", adminId).put("password", "x".repeat((int) AgentAccountsApi.BODY_LIMIT + 10)));
    assertError(response, 413, "payload_too_large");
  }
}
