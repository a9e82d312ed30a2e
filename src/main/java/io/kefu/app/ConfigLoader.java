package io.kefu.app;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code config/kefu.yaml} (or the file given with {@code --config} / {@code KEFU_CONFIG}) with
 * vertx-config, applies {@code KEFU_*} environment overrides and validates the result.
 */
public final class ConfigLoader {
  public static final Path DEFAULT_PATH = Path.of("config", "kefu.yaml");

  private ConfigLoader() {
  }

  /**
   * @param explicitPath a path the operator named; it must exist. Null means the default path, which
   *                     may be absent (then only defaults and the environment apply).
   */
  public static Future<KefuConfig> load(Vertx vertx, Path explicitPath, Map<String, String> environment) {
    Path path = explicitPath;
    if (path == null && environment.containsKey(EnvOverrides.CONFIG_PATH_VARIABLE)) {
      path = Path.of(environment.get(EnvOverrides.CONFIG_PATH_VARIABLE));
    }
    boolean required = path != null;
    if (path == null) {
      path = DEFAULT_PATH;
    }
    if (!Files.isRegularFile(path)) {
      if (required) {
        return Future.failedFuture(new ConfigException(List.of("config file not found: " + path.toAbsolutePath())));
      }
      return parse(new JsonObject(), environment);
    }
    ConfigStoreOptions yaml = new ConfigStoreOptions().setType("file").setFormat("yaml")
        .setConfig(new JsonObject().put("path", path.toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false).setScanPeriod(0).addStore(yaml));
    Path shown = path;
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(err -> Future.failedFuture(
            new ConfigException(List.of(shown + ": cannot be read as YAML: " + rootMessage(err)))))
        .compose(tree -> parse(tree, environment));
  }

  private static Future<KefuConfig> parse(JsonObject tree, Map<String, String> environment) {
    try {
      return Future.succeededFuture(ConfigParser.parse(EnvOverrides.apply(tree, environment)));
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }

  private static String rootMessage(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
