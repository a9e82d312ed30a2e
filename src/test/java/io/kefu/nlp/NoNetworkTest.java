package io.kefu.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Utils;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Loading the embedding model and running inference must not open any outbound connection. */
class NoNetworkTest {

  @Test
  void modelLoadAndInferenceSelectNoProxyAndTrackingIsOff() {
    List<URI> selected = new CopyOnWriteArrayList<>();
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        selected.add(uri);
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        selected.add(uri);
      }
    });
    try (BgeEmbedder embedder = new BgeEmbedder(32)) {
      float[] v = embedder.embed("我想退货");
      assertThat(v).hasSize(BgeEmbedder.DIMENSION);
      assertThat(embedder.embedAll(List.of("快递到哪了", "怎么退款"))).hasSize(2);
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertThat(selected).as("URIs a connection was attempted to").isEmpty();
    assertThat(Boolean.parseBoolean(Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING"))).isTrue();
    assertThat(Utils.isOfflineMode()).isTrue();
  }
}
