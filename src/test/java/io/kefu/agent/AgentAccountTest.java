package io.kefu.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentAccountTest {

  private static AgentAccount account(String id, String name, Set<Role> roles, Set<String> groups, int maxChats) {
    return new AgentAccount(id, name, roles, groups, maxChats, false);
  }

  @Test
  void validAccountKeepsItsValues() {
    AgentAccount a = account("li.na_2", "李娜", Set.of(Role.AGENT), Set.of("billing", "general"), 5);
    assertThat(a.id()).isEqualTo("li.na_2");
    assertThat(a.groups()).containsExactly("billing", "general");
    assertThat(a.maxChats()).isEqualTo(5);
  }

  @Test
  void badIdsAreRefusedNamingTheField() {
    for (String id : new String[] {"a", "Upper", "has space", "x".repeat(33), "中文", "", null}) {
      assertThatThrownBy(() -> account(id, "n", Set.of(Role.AGENT), Set.of("general"), 3))
          .as("id %s", id).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id:");
    }
  }

  @Test
  void nameMustBeOneToFortyCharacters() {
    assertThat(account("ab", "字".repeat(40), Set.of(Role.AGENT), Set.of("general"), 3).name()).hasSize(40);
    for (String name : new String[] {"", "   ", "字".repeat(41), "tab\there", null}) {
      assertThatThrownBy(() -> account("ab", name, Set.of(Role.AGENT), Set.of("general"), 3))
          .as("name %s", name).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name:");
    }
  }

  @Test
  void maxChatsMustBeOneToTwenty() {
    assertThat(account("ab", "n", Set.of(Role.AGENT), Set.of("general"), 1).maxChats()).isEqualTo(1);
    assertThat(account("ab", "n", Set.of(Role.AGENT), Set.of("general"), 20).maxChats()).isEqualTo(20);
    for (int bad : new int[] {0, 21, -1}) {
      assertThatThrownBy(() -> account("ab", "n", Set.of(Role.AGENT), Set.of("general"), bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxChats:");
    }
  }

  @Test
  void groupsAndRolesMustBePresentAndWellFormed() {
    assertThatThrownBy(() -> account("ab", "n", Set.of(Role.AGENT), Set.of(), 3))
        .hasMessageStartingWith("groups:");
    assertThatThrownBy(() -> account("ab", "n", Set.of(Role.AGENT), Set.of("Bad Group"), 3))
        .hasMessageStartingWith("groups:");
    assertThatThrownBy(() -> account("ab", "n", Set.of(Role.AGENT), Set.of(""), 3))
        .hasMessageStartingWith("groups:");
    assertThatThrownBy(() -> account("ab", "n", Set.of(), Set.of("general"), 3))
        .hasMessageStartingWith("roles:");
  }

  @Test
  void adminImpliesEveryRoleAndSupervisorImpliesAgent() {
    AgentAccount admin = account("boss", "n", Set.of(Role.ADMIN), Set.of("general"), 3);
    for (Role role : Role.values()) {
      assertThat(admin.has(role)).as("admin has %s", role).isTrue();
    }
    AgentAccount supervisor = account("sup", "n", Set.of(Role.SUPERVISOR), Set.of("general"), 3);
    assertThat(supervisor.has(Role.AGENT)).isTrue();
    assertThat(supervisor.has(Role.SUPERVISOR)).isTrue();
    assertThat(supervisor.has(Role.ADMIN)).isFalse();
    assertThat(supervisor.has(Role.OPS)).isFalse();
    AgentAccount agent = account("ag", "n", Set.of(Role.AGENT), Set.of("general"), 3);
    assertThat(agent.has(Role.SUPERVISOR)).isFalse();
    AgentAccount ops = account("op", "n", Set.of(Role.OPS), Set.of("general"), 3);
    assertThat(ops.has(Role.OPS)).isTrue();
    assertThat(ops.has(Role.AGENT)).isFalse();
  }

  @Test
  void jsonUsesLowercaseRoleNamesAndRoundTrips() {
    AgentAccount a = new AgentAccount("wang", "王", EnumSet.of(Role.SUPERVISOR, Role.OPS), Set.of("vip"), 7, true);
    JsonObject json = a.toJson();
    assertThat(json.getJsonArray("roles")).containsExactly("supervisor", "ops");
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("id", "name", "roles", "groups", "maxChats", "disabled");
    assertThat(AgentAccount.fromJson(json)).isEqualTo(a);
  }

  @Test
  void fromJsonAppliesDefaults() {
    AgentAccount a = AgentAccount.fromJson(new JsonObject().put("id", "zhao").put("name", "赵"));
    assertThat(a.roles()).containsExactly(Role.AGENT);
    assertThat(a.groups()).containsExactly("general");
    assertThat(a.maxChats()).isEqualTo(3);
    assertThat(a.disabled()).isFalse();
  }

  @Test
  void fromJsonNamesTheOffendingField() {
    JsonObject base = new JsonObject().put("id", "zhao").put("name", "赵");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("password", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'password'");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("maxChats", "3")))
        .hasMessageStartingWith("maxChats:");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("maxChats", 2.5)))
        .hasMessageStartingWith("maxChats:");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("roles", "admin")))
        .hasMessageStartingWith("roles:");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("roles", new JsonArray().add("root"))))
        .hasMessageStartingWith("roles:").hasMessageContaining("root");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("groups", new JsonArray().add(1))))
        .hasMessageStartingWith("groups:");
    assertThatThrownBy(() -> AgentAccount.fromJson(base.copy().put("disabled", "yes")))
        .hasMessageStartingWith("disabled:");
    assertThatThrownBy(() -> AgentAccount.fromJson(new JsonObject().put("id", "zhao")))
        .hasMessageStartingWith("name:");
  }

  @Test
  void principalSeesOwnGroupsAndSupervisorsSeeAll() {
    AgentPrincipal agent = new AgentPrincipal("a1", "n", Set.of(Role.AGENT), Set.of("billing"));
    assertThat(agent.canSee("billing")).isTrue();
    assertThat(agent.canSee("vip")).isFalse();
    AgentPrincipal supervisor = new AgentPrincipal("s1", "n", Set.of(Role.SUPERVISOR), Set.of("general"));
    assertThat(supervisor.canSee("vip")).isTrue();
    AgentPrincipal admin = new AgentPrincipal("ad", "n", Set.of(Role.ADMIN), Set.of("general"));
    assertThat(admin.canSee("vip")).isTrue();
    assertThat(admin.has(Role.AGENT)).isTrue();
  }
}
