package io.kefu.routing;

import java.util.Locale;

/** An agent's presence. Only {@code ONLINE} agents get new chats; going away hands their chats back. */
public enum Presence {
  ONLINE, AWAY, OFFLINE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code online|away|offline}; anything else is an IllegalArgumentException naming the choices. */
  public static Presence parse(String value) {
    if (value != null) {
      for (Presence p : values()) {
        if (p.wire().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("presence must be one of online, away, offline; got " + value);
  }
}
